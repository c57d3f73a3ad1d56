/** Reads what the duties stage needs before the run starts, so a bad profile fails at once, not after the import. */
import { EMPTY_PROFILE, type OrganisationProfile } from '../../../shared/duties/profile.js';
import type { Regime } from '../../../shared/duties/types.js';
import { ok, type Result } from '../../../shared/result.js';
import { loadProfile, loadRegimes } from './loadRegimes.js';

/** The regimes of `<resources>/regimes` and the profile (`--profile`, else the empty profile). */
export function prepareDuties(resourcesDir: string, profilePath: string | undefined): Result<{ regimes: Regime[]; profile: OrganisationProfile; profileSource: string | null }> {
  const regimes = loadRegimes(resourcesDir);
  if (!regimes.ok) return regimes;
  if (profilePath === undefined) return ok({ regimes: regimes.value, profile: EMPTY_PROFILE, profileSource: null });
  const profile = loadProfile(profilePath);
  if (!profile.ok) return profile;
  return ok({ regimes: regimes.value, profile: profile.value, profileSource: profilePath });
}
