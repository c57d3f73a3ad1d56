/**
 * Exact column orders of the files the demo writes. ELF headers follow the real headers
 * collected in SCHEMA.md §8 (2024-era where one exists); RTEM and sObject exports use the
 * PascalCase field names a Data Loader export of those objects has.
 */

export const ELF_EVENT_TYPES = ['Login', 'URI', 'ReportExport', 'API', 'RestApi', 'ApiTotalUsage', 'BulkApi', 'BulkApi2', 'ContentTransfer'] as const;
export type ElfEventType = (typeof ELF_EVENT_TYPES)[number];

const SHARED_TAIL = ['TIMESTAMP_DERIVED', 'USER_ID_DERIVED', 'CLIENT_IP', 'URI_ID_DERIVED'] as const;

export const ELF_HEADERS: Readonly<Record<ElfEventType, readonly string[]>> = {
  // Login, 2024-10 header [SEKOIA].
  Login: ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'RUN_TIME', 'CPU_TIME', 'URI', 'SESSION_KEY',
    'LOGIN_KEY', 'USER_TYPE', 'REQUEST_STATUS', 'DB_TOTAL_TIME', 'LOGIN_TYPE', 'BROWSER_TYPE', 'API_TYPE', 'API_VERSION',
    'USER_NAME', 'TLS_PROTOCOL', 'CIPHER_SUITE', 'LOGIN_URL', 'AUTHENTICATION_METHOD_REFERENCE', 'LOGIN_SUB_TYPE',
    'AUTHENTICATION_SERVICE_ID', ...SHARED_TAIL, 'LOGIN_STATUS', 'SOURCE_IP', 'FORWARDED_FOR_IP'],
  // URI, 2020 key order [SENT-SAMPLE].
  URI: ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'RUN_TIME', 'CPU_TIME', 'URI', 'SESSION_KEY',
    'LOGIN_KEY', 'REQUEST_STATUS', 'DB_TOTAL_TIME', 'DB_BLOCKS', 'DB_CPU_TIME', 'REFERRER_URI', ...SHARED_TAIL],
  // ReportExport, 2020 key order [SENT-SAMPLE].
  ReportExport: ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'RUN_TIME', 'CPU_TIME', 'URI',
    'SESSION_KEY', 'LOGIN_KEY', 'CLIENT_INFO', 'REPORT_DESCRIPTION', ...SHARED_TAIL],
  // SOAP API, 2020 header [SENT-SAMPLE].
  API: ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'RUN_TIME', 'CPU_TIME', 'URI', 'SESSION_KEY',
    'LOGIN_KEY', 'REQUEST_STATUS', 'DB_TOTAL_TIME', 'API_TYPE', 'API_VERSION', 'CLIENT_NAME', 'METHOD_NAME', 'ENTITY_NAME',
    'ROWS_PROCESSED', 'REQUEST_SIZE', 'RESPONSE_SIZE', 'DB_BLOCKS', 'DB_CPU_TIME', ...SHARED_TAIL],
  // RestApi: 2020 columns with the 2024 additions, in the ApexRestApi 2024-10 order [SEKOIA].
  RestApi: ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'RUN_TIME', 'CPU_TIME', 'URI', 'SESSION_KEY',
    'LOGIN_KEY', 'USER_TYPE', 'REQUEST_STATUS', 'DB_TOTAL_TIME', 'METHOD', 'MEDIA_TYPE', 'STATUS_CODE', 'USER_AGENT',
    'ROWS_PROCESSED', 'NUMBER_FIELDS', 'DB_BLOCKS', 'DB_CPU_TIME', 'REQUEST_SIZE', 'RESPONSE_SIZE', 'ENTITY_NAME',
    'CONNECTED_APP_ID', 'CLIENT_NAME', 'EXCEPTION_MESSAGE', ...SHARED_TAIL],
  // ApiTotalUsage, 2025-10 header [ATU-README].
  ApiTotalUsage: ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'API_FAMILY', 'API_VERSION',
    'API_RESOURCE', 'CLIENT_NAME', 'HTTP_METHOD', 'CLIENT_IP', 'COUNTS_AGAINST_API_LIMIT', 'CONNECTED_APP_ID', 'ENTITY_NAME',
    'STATUS_CODE', 'CONNECTED_APP_NAME', 'USER_NAME', 'TIMESTAMP_DERIVED'],
  // Bulk API v1, 2020 header [SENT-SAMPLE].
  BulkApi: ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'RUN_TIME', 'CPU_TIME', 'URI', 'SESSION_KEY',
    'LOGIN_KEY', 'JOB_ID', 'BATCH_ID', 'ROWS_PROCESSED', 'NUMBER_FAILURES', 'SUCCESS', 'MESSAGE', 'ENTITY_TYPE',
    'OPERATION_TYPE', ...SHARED_TAIL],
  // Bulk API 2.0: the documented columns in the shared ELF order.
  BulkApi2: ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'RUN_TIME', 'CPU_TIME', 'URI', 'SESSION_KEY',
    'LOGIN_KEY', 'JOB_ID', 'OPERATION_TYPE', 'JOB_STATUS', 'ENTITY_TYPE', 'RECORDS_PROCESSED', 'RECORDS_FAILED',
    'RESULT_SIZE_MB', ...SHARED_TAIL],
  // ContentTransfer, the API 63.0 column set (SCHEMA.md §7); it carries no session, only the REQUEST_ID.
  ContentTransfer: ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'DOCUMENT_ID', 'VERSION_ID', 'FILE_TYPE',
    'FILE_PREVIEW_TYPE', 'SIZE_BYTES', 'TRANSACTION_TYPE', 'TIMESTAMP_DERIVED', 'USER_ID_DERIVED', 'DOCUMENT_ID_DERIVED', 'VERSION_ID_DERIVED'],
};

/** RTEM ApiEvent as exported with Data Loader. */
export const API_EVENT_HEADER = ['EventIdentifier', 'EventDate', 'CreatedDate', 'UserId', 'Username', 'SessionKey', 'LoginKey',
  'LoginHistoryId', 'SourceIp', 'UserAgent', 'ApiType', 'ApiVersion', 'Operation', 'Query', 'QueriedEntities', 'RowsProcessed',
  'RowsReturned', 'Records', 'ConnectedAppId', 'RequestIdentifier', 'ElapsedTime', 'Client', 'Platform'] as const;
export type ApiEventField = (typeof API_EVENT_HEADER)[number];

export const USER_HEADER = ['Id', 'Username', 'Name', 'Email', 'ProfileId', 'UserType', 'IsActive', 'CreatedDate', 'LastLoginDate', 'TimeZoneSidKey'];
export const CONNECTED_APP_HEADER = ['Id', 'Name', 'CreatedDate', 'OptionsAllowAdminApprovedUsersOnly'];
export const ORGANIZATION_HEADER = ['Id', 'Name', 'OrganizationType', 'InstanceName', 'TimeZoneSidKey', 'FiscalYearStartMonth', 'UsesStartDateAsFiscalYearName'];
export const CONTENT_VERSION_HEADER = ['Id', 'ContentDocumentId', 'Title', 'FileType', 'ContentSize', 'CreatedDate'];
export const CONTACT_HEADER = ['Id', 'FirstName', 'LastName', 'Email', 'Phone', 'Title', 'LeadSource', 'HasOptedOutOfEmail',
  'MailingStreet', 'MailingCity', 'MailingState', 'MailingPostalCode', 'MailingCountry', 'AccountId', 'CreatedDate', 'LastModifiedDate'];
export const LEAD_HEADER = ['Id', 'FirstName', 'LastName', 'Email', 'Phone', 'Company', 'Status', 'Rating', 'IsConverted',
  'LeadSource', 'Street', 'City', 'State', 'PostalCode', 'Country', 'CreatedDate'];
export const ACCOUNT_HEADER = ['Id', 'Name', 'Type', 'Phone', 'BillingStreet', 'BillingCity', 'BillingState', 'BillingPostalCode',
  'BillingCountry', 'CreatedDate'];
export const OPPORTUNITY_HEADER = ['Id', 'Name', 'AccountId', 'StageName', 'Amount', 'CloseDate', 'LeadSource', 'CreatedDate'];
