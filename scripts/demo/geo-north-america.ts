/**
 * US states and Canadian provinces the demo's people live in, with the spellings a messy CRM
 * holds for them. Every spelling here is one the jurisdiction resolver accepts: USPS code,
 * full name, or an abbreviation/misspelling listed in aliases.json `usStates`; Canadian
 * provinces as code, English/French name or `PQ`.
 */

export interface UsState {
  code: string;
  name: string;
  /** Alternative spellings from aliases.json (`abbreviations` + `misspellings`). */
  aliases: readonly string[];
  /** Safe to write with a blank country: the full name is unambiguous on its own. */
  nameAlone: boolean;
  cities: readonly string[];
  /** 3-digit ZIP prefixes of the state, so ZIP and state never contradict each other. */
  zip: readonly string[];
  areaCodes: readonly string[];
}

export const US_STATES: readonly UsState[] = [
  { code: 'CA', name: 'California', aliases: ['Calif', 'Cal', 'Cali', 'Califonia', 'Californa'], nameAlone: true,
    cities: ['San Francisco', 'Los Angeles', 'San Diego', 'San Jose', 'Oakland', 'Sacramento', 'Irvine'], zip: ['941', '900', '921', '951', '946', '958', '926'], areaCodes: ['415', '213', '619', '408', '510', '916', '949'] },
  { code: 'NY', name: 'New York', aliases: ['N.Y.', 'New Yrok'], nameAlone: true,
    cities: ['New York', 'Brooklyn', 'Buffalo', 'Rochester', 'Albany'], zip: ['100', '112', '142', '146', '122'], areaCodes: ['212', '718', '716', '585', '518'] },
  { code: 'TX', name: 'Texas', aliases: ['Tex'], nameAlone: true,
    cities: ['Austin', 'Dallas', 'Houston', 'San Antonio', 'Fort Worth', 'Plano'], zip: ['787', '752', '770', '782', '761', '750'], areaCodes: ['512', '214', '713', '210', '817', '972'] },
  { code: 'MA', name: 'Massachusetts', aliases: ['Mass', 'Massachusets', 'Massachussetts'], nameAlone: true,
    cities: ['Boston', 'Cambridge', 'Worcester', 'Somerville', 'Springfield'], zip: ['021', '021', '016', '021', '011'], areaCodes: ['617', '617', '508', '617', '413'] },
  { code: 'FL', name: 'Florida', aliases: ['Fla', 'Flordia'], nameAlone: true,
    cities: ['Miami', 'Orlando', 'Tampa', 'Jacksonville', 'Fort Lauderdale'], zip: ['331', '328', '336', '322', '333'], areaCodes: ['305', '407', '813', '904', '954'] },
  { code: 'WA', name: 'Washington', aliases: ['Wash', 'Washington State', 'Washingon'], nameAlone: false,
    cities: ['Seattle', 'Bellevue', 'Tacoma', 'Spokane', 'Redmond'], zip: ['981', '980', '984', '992', '980'], areaCodes: ['206', '425', '253', '509', '425'] },
  { code: 'IL', name: 'Illinois', aliases: ['Ill', 'Illinios', 'Ilinois'], nameAlone: true,
    cities: ['Chicago', 'Evanston', 'Naperville', 'Springfield', 'Peoria'], zip: ['606', '602', '605', '627', '616'], areaCodes: ['312', '847', '630', '217', '309'] },
  { code: 'PA', name: 'Pennsylvania', aliases: ['Penn', 'Penna', 'Pensylvania'], nameAlone: true,
    cities: ['Philadelphia', 'Pittsburgh', 'Harrisburg'], zip: ['191', '152', '171'], areaCodes: ['215', '412', '717'] },
  { code: 'GA', name: 'Georgia', aliases: ['Gerogia'], nameAlone: false,
    cities: ['Atlanta', 'Savannah', 'Athens'], zip: ['303', '314', '306'], areaCodes: ['404', '912', '706'] },
  { code: 'CO', name: 'Colorado', aliases: ['Colo', 'Colarado'], nameAlone: true,
    cities: ['Denver', 'Boulder', 'Colorado Springs'], zip: ['802', '803', '809'], areaCodes: ['303', '720', '719'] },
  { code: 'NJ', name: 'New Jersey', aliases: ['N.J.', 'New Jersy'], nameAlone: true,
    cities: ['Newark', 'Jersey City', 'Princeton', 'Hoboken'], zip: ['071', '073', '085', '070'], areaCodes: ['973', '201', '609', '201'] },
  { code: 'VA', name: 'Virginia', aliases: ['Virgina'], nameAlone: true,
    cities: ['Arlington', 'Richmond', 'Norfolk', 'Reston'], zip: ['222', '232', '235', '201'], areaCodes: ['703', '804', '757', '703'] },
  { code: 'OR', name: 'Oregon', aliases: ['Ore', 'Oreg'], nameAlone: true,
    cities: ['Portland', 'Eugene', 'Salem'], zip: ['972', '974', '973'], areaCodes: ['503', '541', '503'] },
  { code: 'AZ', name: 'Arizona', aliases: ['Ariz', 'Arizonia'], nameAlone: true,
    cities: ['Phoenix', 'Tucson', 'Scottsdale', 'Tempe'], zip: ['850', '857', '852', '852'], areaCodes: ['602', '520', '480', '480'] },
  { code: 'NC', name: 'North Carolina', aliases: ['N.C.', 'N Carolina', 'North Carolia'], nameAlone: true,
    cities: ['Charlotte', 'Raleigh', 'Durham'], zip: ['282', '276', '277'], areaCodes: ['704', '919', '919'] },
];

/** Relative weight of each state among the org's US people. */
export const US_STATE_WEIGHTS: Readonly<Record<string, number>> = {
  CA: 14, NY: 10, TX: 9, MA: 6, FL: 6, WA: 5, IL: 5, PA: 2.5, GA: 2, CO: 2, NJ: 2, VA: 1.5, OR: 1.2, AZ: 1.2, NC: 1.2,
};

export interface CaProvince {
  code: string;
  /** Spellings accepted for the province field: code, English and French names, legacy codes. */
  spellings: readonly string[];
  cities: readonly (readonly [city: string, postalLetter: string, areaCode: string])[];
}

export const CA_PROVINCES: readonly CaProvince[] = [
  { code: 'QC', spellings: ['QC', 'QC', 'Quebec', 'Québec', 'PQ', 'quebec'],
    cities: [['Montréal', 'H', '514'], ['Montreal', 'H', '514'], ['Québec', 'G', '418'], ['Laval', 'H', '450'], ['Gatineau', 'J', '819'], ['Sherbrooke', 'J', '819']] },
  { code: 'ON', spellings: ['ON', 'ON', 'Ontario', 'ontario'],
    cities: [['Toronto', 'M', '416'], ['Ottawa', 'K', '613'], ['Mississauga', 'L', '905'], ['Hamilton', 'L', '905'], ['London', 'N', '519']] },
  { code: 'BC', spellings: ['BC', 'BC', 'British Columbia', 'Colombie-Britannique'],
    cities: [['Vancouver', 'V', '604'], ['Victoria', 'V', '250'], ['Burnaby', 'V', '604']] },
  { code: 'AB', spellings: ['AB', 'Alberta'],
    cities: [['Calgary', 'T', '403'], ['Edmonton', 'T', '780']] },
];

/** Country spellings for US residents (alpha-2, alpha-3, English name in any case, aliases). */
export const US_COUNTRY_SPELLINGS: readonly (readonly [string, number])[] = [
  ['US', 8], ['USA', 10], ['United States', 10], ['united states', 2], ['UNITED STATES', 1], ['U.S.', 2],
  ['United States of America', 3], ['U.S.A.', 1], ['America', 0.3], ['Untied States', 0.15], ['usa', 1],
];

/** Country spellings for Canadian residents. */
export const CA_COUNTRY_SPELLINGS: readonly (readonly [string, number])[] = [
  ['Canada', 10], ['CA', 2], ['CAN', 2], ['canada', 1], ['CANADA', 1],
];
