// Defaults needed where no experiment file is at hand, read from the schema: it states every
// default of the format (validation fills them into an experiment), so none is written twice.
import schema from '../../schemas/regx.schema.json';

/** A weight counts as zero when |w| <= this, unless the experiment sets sparsity.threshold. */
export const DEFAULT_SPARSITY_THRESHOLD: number = schema.properties.sparsity.properties.threshold.default;
