/** SQL pieces shared by the rules that compare an export with its key's earlier history. */
import { raw } from '../../store/sql.js';

/**
 * Days of the key's activity before the export's day, from an ASOF join on `key_days` (alias kd)
 * for the export (alias x): the matched day itself does not count when it is the export's day.
 */
export const historyDays = raw(`CASE WHEN kd.day IS NULL THEN 0 WHEN kd.day = x.day THEN kd.days_before ELSE kd.days_before + 1 END`);

/** Earlier days a dimension value was used, from an ASOF join on `key_dims` (alias d) for row x. */
export const usedDays = raw(`CASE WHEN d.day IS NULL THEN 0 WHEN d.day = x.day THEN d.days_before ELSE d.days_before + 1 END`);
