/**
 * Countries outside North America where the demo's people live, with the country spellings a
 * messy CRM holds (alpha-2, alpha-3, English name in any case, aliases from aliases.json
 * `countryAliases`), cities, postal-code shapes and optional region texts. The region text is
 * noise for the resolver: the country decides (e.g. Australia + "WA", Italy + "MI").
 */

export type PostalShape =
  | 'd5' // 12345
  | 'd4' // 1234
  | 'nl' // 1012 AB
  | 'se' // 114 55
  | 'pl' // 00-950
  | 'uk' // SW1A 2AA
  | 'eircode'; // D02 X285

export interface OverseasCountry {
  code: string;
  spellings: readonly (readonly [string, number])[];
  /** City, postal prefix, optional region text for the State field. */
  cities: readonly (readonly [city: string, postalPrefix: string, region: string])[];
  postal: PostalShape;
  phonePrefix: string;
  nameRegion: NameRegion;
  streets: readonly string[];
  /** House number before the street name (US/UK/FR style) or after it (DE/NL/… style). */
  numberFirst: boolean;
}

export type NameRegion = 'en' | 'de' | 'fr' | 'es' | 'it' | 'nl' | 'sv' | 'pl' | 'ie';

export const OVERSEAS: readonly OverseasCountry[] = [
  { code: 'DE', postal: 'd5', phonePrefix: '+49', nameRegion: 'de', numberFirst: false,
    spellings: [['DE', 3], ['DEU', 2], ['Germany', 8], ['GERMANY', 1], ['germany', 1], ['Deutschland', 4], ['Germnay', 0.3]],
    cities: [['Berlin', '10', ''], ['München', '80', 'Bayern'], ['Hamburg', '20', ''], ['Köln', '50', 'NRW'], ['Frankfurt am Main', '60', 'Hessen']],
    streets: ['Hauptstraße', 'Bahnhofstraße', 'Gartenweg', 'Schillerstraße', 'Lindenallee'] },
  { code: 'FR', postal: 'd5', phonePrefix: '+33', nameRegion: 'fr', numberFirst: true,
    spellings: [['FR', 3], ['FRA', 2], ['France', 10], ['france', 1], ['FRANCE', 1]],
    cities: [['Paris', '750', ''], ['Lyon', '690', ''], ['Marseille', '130', ''], ['Toulouse', '310', ''], ['Bordeaux', '330', '']],
    streets: ['rue de la République', 'avenue Victor Hugo', 'boulevard Saint-Michel', 'rue des Lilas', 'place Bellecour'] },
  { code: 'IE', postal: 'eircode', phonePrefix: '+353', nameRegion: 'ie', numberFirst: true,
    spellings: [['IE', 2], ['IRL', 1], ['Ireland', 10], ['ireland', 1], ['Eire', 1], ['Republic of Ireland', 1]],
    cities: [['Dublin', 'D02', 'Co. Dublin'], ['Cork', 'T12', 'Co. Cork'], ['Galway', 'H91', ''], ['Limerick', 'V94', '']],
    streets: ['Main Street', "O'Connell Street", 'Grafton Street', 'Harbour Road'] },
  { code: 'NL', postal: 'nl', phonePrefix: '+31', nameRegion: 'nl', numberFirst: false,
    spellings: [['NL', 3], ['NLD', 1], ['Netherlands', 8], ['The Netherlands', 4], ['Holland', 2], ['netherlands', 1], ['Nederland', 1]],
    cities: [['Amsterdam', '10', ''], ['Rotterdam', '30', ''], ['Utrecht', '35', ''], ['Eindhoven', '56', '']],
    streets: ['Keizersgracht', 'Dorpsstraat', 'Kerkstraat', 'Stationsweg'] },
  { code: 'ES', postal: 'd5', phonePrefix: '+34', nameRegion: 'es', numberFirst: false,
    spellings: [['ES', 3], ['ESP', 1], ['Spain', 8], ['spain', 1], ['España', 4], ['Espana', 1]],
    cities: [['Madrid', '280', 'Madrid'], ['Barcelona', '080', 'Cataluña'], ['Valencia', '460', ''], ['Sevilla', '410', 'Andalucía']],
    streets: ['Calle Mayor', 'Gran Vía', 'Calle de Alcalá', 'Avenida Diagonal'] },
  { code: 'IT', postal: 'd5', phonePrefix: '+39', nameRegion: 'it', numberFirst: false,
    spellings: [['IT', 3], ['ITA', 1], ['Italy', 8], ['ITALY', 1], ['Italia', 4]],
    cities: [['Milano', '201', 'MI'], ['Roma', '001', 'RM'], ['Torino', '101', 'TO'], ['Bologna', '401', 'BO']],
    streets: ['Via Roma', 'Corso Vittorio Emanuele', 'Via Garibaldi', 'Piazza del Duomo'] },
  { code: 'SE', postal: 'se', phonePrefix: '+46', nameRegion: 'sv', numberFirst: false,
    spellings: [['SE', 2], ['SWE', 1], ['Sweden', 8], ['Sverige', 3], ['sweden', 1]],
    cities: [['Stockholm', '11', ''], ['Göteborg', '41', ''], ['Malmö', '21', ''], ['Uppsala', '75', '']],
    streets: ['Drottninggatan', 'Storgatan', 'Kungsgatan', 'Sveavägen'] },
  { code: 'PL', postal: 'pl', phonePrefix: '+48', nameRegion: 'pl', numberFirst: false,
    spellings: [['PL', 3], ['POL', 1], ['Poland', 8], ['Polska', 3], ['POLAND', 1]],
    cities: [['Warszawa', '00', ''], ['Kraków', '30', ''], ['Gdańsk', '80', ''], ['Wrocław', '50', '']],
    streets: ['ul. Marszałkowska', 'ul. Długa', 'ul. Floriańska', 'ul. Piękna'] },
  { code: 'GB', postal: 'uk', phonePrefix: '+44', nameRegion: 'en', numberFirst: true,
    spellings: [['GB', 3], ['GBR', 1], ['United Kingdom', 8], ['UK', 8], ['U.K.', 1], ['England', 4], ['Great Britain', 2], ['united kingdom', 1]],
    cities: [['London', 'EC1A', ''], ['London', 'SE1', 'Greater London'], ['Manchester', 'M1', ''], ['Birmingham', 'B2', 'West Midlands'], ['Edinburgh', 'EH1', ''], ['Leeds', 'LS1', '']],
    streets: ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'King Street'] },
  { code: 'AU', postal: 'd4', phonePrefix: '+61', nameRegion: 'en', numberFirst: true,
    spellings: [['AU', 3], ['AUS', 2], ['Australia', 10], ['australia', 1]],
    cities: [['Sydney', '20', 'NSW'], ['Melbourne', '30', 'VIC'], ['Brisbane', '40', 'QLD'], ['Perth', '60', 'WA']],
    streets: ['George Street', 'Collins Street', 'Queen Street', 'Hay Street'] },
];

/** Street names for North American addresses. */
export const NA_STREETS: readonly string[] = [
  'Main St', 'Market Street', 'Oak Ave', 'Maple Avenue', 'Pine St', 'Cedar Rd', 'Elm Street', 'Washington Blvd',
  'Park Ave', 'Lake Shore Dr', 'Broadway', '2nd Ave', 'Sunset Blvd', 'Highland Rd', 'River Rd',
];

/** Street names for Quebec addresses. */
export const QC_STREETS: readonly string[] = ['rue Sainte-Catherine', 'boulevard Saint-Laurent', 'rue Sherbrooke', 'avenue du Parc', 'rue Saint-Denis'];
