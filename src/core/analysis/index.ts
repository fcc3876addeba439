// The analysis of trained weights, one idea per file; this index is for callers that use
// several of them (the results, the tests).
export * from './certified-zeros';
export * from './contribution';
export * from './histogram';
export * from './neurons';
export * from './paired';
export * from './priors';
export * from './runs';
export * from './shrink';
export * from './shrink-verification';
export * from './sparsity';
export * from './statistics';
export * from './unused-inputs';
export * from './zero-groups';
