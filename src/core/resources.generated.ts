// Generated from schemas/*.schema.json by `npm run gen:types`. Do not edit; edit the schemas.
/* eslint-disable */

/** The Interlock manifest API version. */
export type ApiVersion = "interlock.dev/v1";

/** Resource name: lower-case letters, digits and dashes, unique per kind in the workspace. */
export type Name = string;

/** Identity and ownership of the resource. */
export type Metadata = {
  name: Name;
  /** One line on what this resource is for. */
  description?: string;
  /** Free-form key/value labels, used by policy selectors and the runtime. */
  labels?: Record<string, string>;
  /** Teams or people (GitHub logins, @org/team) who own the resource and review its changes. */
  owners?: string[];
};

/** A reference to a secret, never the secret itself: `env:NAME`, `file:PATH` or `vault:PATH#key`. */
export type SecretRef = string;

/** How sensitive the data is, lowest to highest. */
export type Sensitivity = "public" | "internal" | "confidential" | "restricted";

/** The category of personal data, per the privacy team's catalogue. */
export type PiiCategory = "contact" | "identifier" | "name" | "financial" | "health" | "location" | "credentials" | "behavioral" | "employment" | "demographic" | "biometric" | "communications";

/** Data classification of a field. */
export type Classification = {
  sensitivity: Sensitivity;
  /** Personal-data category, or null when the field carries no personal data. */
  pii: "contact" | "identifier" | "name" | "financial" | "health" | "location" | "credentials" | "behavioral" | "employment" | "demographic" | "biometric" | "communications" | null;
};

/** Vendor risk tier, lowest to highest. */
export type Tier = "low" | "medium" | "high" | "critical";

/** A duration: a number followed by s, m, h or d. */
export type Duration = string;

/** A jurisdiction or region code: two letters, optionally followed by a region, e.g. `eu`, `uk`, `us`, `eu-central`, `us-east`. */
export type Jurisdiction = string;

/** A semantic version. */
export type Semver = string;

/** A person, by GitHub login. */
export type Login = string;

/** How a finding is reported: `off` silences the rule. */
export type RuleSeverity = "off" | "info" | "warning" | "error";

/** A third party we integrate with: its risk tier, assessment, attestations, contract and approvals. One per folder `integrations/<vendor>/vendor.yaml`. */
export type VendorSpec = {
  /** The vendor's legal entity name, as on the contract. */
  legalName: string;
  /** The vendor's public website. */
  website?: string;
  riskTier: Tier;
  /** What the tier is computed from. Data sensitivity is also derived from the integrations' fields; the higher of the two counts. */
  criteria: {
    dataSensitivity?: Sensitivity;
    /** The most access the vendor's integrations have to our systems or data. */
    accessLevel: "read" | "write" | "admin" | "bulk-export";
    /** How much the business depends on the vendor being up. */
    criticality: "low" | "medium" | "high" | "critical";
  };
  /** Where the vendor stores or processes our data. */
  dataLocations: Jurisdiction[];
  /** The vendor security assessment. */
  assessment?: {
    /** Which questionnaire was used. */
    questionnaire: "sig-lite" | "sig-core" | "caiq" | "custom";
    /** Where the assessment stands. */
    status: "not-started" | "in-progress" | "approved" | "rejected";
    reviewer?: Login;
    /** When the assessment was completed. */
    completedAt?: string;
    /** When the assessment must be renewed. */
    expiresAt?: string;
    /** Where the evidence is kept (a document link or ticket). */
    evidence?: string;
  };
  /** Independent attestations the vendor holds. */
  attestations?: ({
    /** The attestation. */
    type: "soc2-type2" | "soc2-type1" | "iso27001" | "iso27701" | "pci-dss" | "hipaa" | "csa-star";
    /** SOC 2: the end of the audited period; the report counts for 12 months after it. */
    periodEnd?: string;
    /** SOC 2: a bridge letter extending coverage until this date. */
    bridgeLetterUntil?: string;
    /** Certificates (ISO 27001 and others): the expiry date on the certificate. */
    validUntil?: string;
    /** Where the report or certificate is kept. */
    evidence?: string;
  })[];
  /** The signed agreement with the vendor. */
  contract?: {
    /** Both parties have signed. */
    countersigned: boolean;
    /** When it was countersigned. */
    signedAt?: string;
    /** A data processing agreement is part of it. */
    dpa?: boolean;
    /** Security clauses the contract contains. */
    clauses?: {
      /** Data is encrypted in transit and at rest. */
      encryption?: boolean;
      /** Hours within which the vendor must notify us of a breach. */
      breachNotificationHours?: number;
      /** We may audit the vendor. */
      auditRights?: boolean;
      /** The vendor tells us before adding a sub-processor. */
      subprocessorNotice?: boolean;
    };
  };
  /** International transfer mechanisms for personal data leaving its jurisdiction. */
  transfers?: ({
    /** The legal mechanism: Standard Contractual Clauses, UK IDTA, an adequacy decision, or binding corporate rules. */
    mechanism: "scc" | "idta" | "adequacy" | "bcr";
    from?: Jurisdiction;
    to?: Jurisdiction;
    /** Reference to the transfer impact assessment. */
    tia?: string;
  })[];
  /** Onboarding approvals: who approved, in which review role, when. */
  approvals?: {
    by: Login;
    /** The review role the approver acted in, as named in policies/access.csv. */
    role: string;
    /** When the approval was given. */
    at: string;
    tier?: Tier;
  }[];
  /** Who to call at the vendor. */
  contacts?: {
    /** Security contact. */
    security?: string;
    /** Support contact. */
    support?: string;
  };
};

/** One connector to a vendor: which contract it speaks, where, with which credentials, what data it moves and how it rolls out. */
export type IntegrationSpec = {
  vendor: Name;
  /** Whether the runtime runs it. An integration whose vendor fails its onboarding gate cannot be enabled. */
  enabled?: boolean;
  /** The API contract the connector speaks. */
  contract: {
    ref: Name;
    /** Accepted contract versions, as a semver range. */
    version?: string;
  };
  /** Which way data flows, seen from us. */
  direction: "outbound" | "inbound" | "bidirectional";
  /** Where the vendor API is. */
  endpoint: {
    /** Base URL of the vendor API. */
    baseUrl: string;
    /** TLS settings. */
    tls?: {
      /** Lowest TLS version accepted. */
      minVersion?: "1.0" | "1.1" | "1.2" | "1.3";
      /** Client certificate for mutual TLS. */
      mtls?: {
        cert: SecretRef;
        key: SecretRef;
        ca?: SecretRef;
      };
    };
    /** Request timeout in milliseconds. */
    timeoutMs?: number;
    /** Allow plain http and loopback addresses. For local development only; policy refuses it elsewhere. */
    localTesting?: boolean;
  };
  /** How the connector authenticates. Credentials are secret references. */
  auth: {
    type: "oauth2";
    /** The grant type. */
    grant?: "client_credentials" | "authorization_code" | "jwt_bearer";
    /** Token endpoint. */
    tokenUrl: string;
    /** OAuth client id (not secret). */
    clientId?: string;
    clientSecret: SecretRef;
    /** Requested scopes. */
    scopes?: string[];
  } | {
    type: "apiKey";
    /** Where the key goes. */
    in?: "header" | "query";
    /** Header or parameter name. */
    name: string;
    value: SecretRef;
  } | {
    type: "basic";
    /** User name (not secret), or a secret reference. */
    username: string;
    password: SecretRef;
  } | {
    type: "jwt";
    /** JWT issuer. */
    issuer?: string;
    /** JWT audience. */
    audience?: string;
    signingKey: SecretRef;
  } | {
    type: "mtls";
  } | {
    type: "none";
  };
  /** What the connector calls: OpenAPI operationIds, or GraphQL operation documents (paths relative to the integration file). */
  uses?: string[];
  /** Response fields the connector reads, per operationId: dotted paths (`fields.summary`) or JSON pointers (`/fields/summary`) into the success response body; array levels are skipped (`tickets.title` is the title of each ticket). A change that is only a warning for the API in general (an optional property removed, an enum value added) is breaking for a connector that reads the field; declared reads are checked against the contract. */
  reads?: Record<string, string[]>;
  /** Request body fields the connector sends, per operationId, written like `reads`. A change to a field the connector sends is judged for this connector. */
  sends?: Record<string, string[]>;
  /** The data the connector moves. */
  data?: {
    region?: Jurisdiction;
    /** Jurisdictions of the people whose data passes through. */
    subjects?: Jurisdiction[];
    /** How long the vendor (or the destination) keeps the data, in days. */
    retentionDays?: number;
    /** Data contracts describing what is exported or streamed. */
    records?: Name[];
    /** Classification of each field the integration sends, receives or exports, by field path (`Issue.reporter.email`). Overrides the contract's `x-classification`. */
    fields?: Record<string, Classification>;
  };
  /** Events the runtime delivers to or receives from the vendor. */
  events?: {
    /** Event types delivered to this integration; `*` matches one segment, `**` any number (`incident.*`). */
    subscribe?: string[];
    /** Reshapes an event before delivery. */
    transform?: {
      /** Keep only these top-level data fields. */
      pick?: string[];
      /** Rename data fields: old → new. */
      rename?: Record<string, string>;
      /** Add constant fields. */
      set?: Record<string, unknown>;
    };
    /** Where and how outbound events are sent. */
    delivery?: {
      /** Webhook URL. */
      url: string;
      secret: SecretRef;
      /** Most deliveries in flight to this endpoint. */
      concurrency?: number;
    };
    /** Webhooks the vendor sends us. */
    inbound?: {
      /** Path under /hooks/. */
      path?: string;
      /** How inbound requests are verified. */
      signature: {
        /** The signature scheme. */
        scheme: "standard-webhooks" | "github" | "stripe" | "slack" | "jira" | "twilio";
        /** The public URL the vendor sends to, exactly as configured there (Twilio signs it; needed behind a proxy). */
        url?: string;
        secret: SecretRef;
        /** Largest accepted clock skew. */
        toleranceSeconds?: number;
      };
      /** JSON pointer into the contract to the payload schema. */
      schema?: string;
      /** Event types the runtime may take from an unsigned header such as `X-GitHub-Event` (the GitHub scheme signs only the body). Without this list the header is ignored and the event type comes from the signed body (`type`, `webhookEvent`) or is `received`; with it, a header value outside the list is refused. */
      eventTypes?: string[];
    };
  };
  /** What the integration does with events: each action calls a contract operation through the integration's adapter when an event of type `on` arrives, and may emit an event with the answer. */
  actions?: {
    /** Event type (or `events.subscribe` pattern) that triggers the call; it must be one the integration subscribes to. */
    on: string;
    /** operationId of the contract operation to call; it must be listed in `uses`. */
    call: string;
    /** Request fields → values. A key is a parameter name (path, query, header) or a dotted path into the JSON body (`fields.project.key`). A string is a template: `{{event.data.summary}}` alone passes the value through with its type; text around `{{…}}` makes a string; a string without `{{` is a literal. `check` verifies each key against the operation's request and each literal against the field's type. */
    with: Record<string, unknown>;
    /** Event published with the vendor's answer, so the other side of a sync learns the vendor's id. */
    emit?: {
      /** Type of the event emitted: lowercase dot-separated segments. */
      event: string;
      /** Event data fields → templates over `{{response.…}}` (the 2xx JSON body) and `{{event.…}}` (the triggering event). */
      with?: Record<string, unknown>;
    };
  }[];
  /** When scheduled runs (syncs, exports) happen: a cron expression in UTC (5 fields, or 6 with seconds first), or an object with a time zone and a catch-up policy. `check` parses it with the runtime's cron library. */
  schedule?: string | {
    /** Cron expression: 5 fields, or 6 with seconds first. */
    cron: string;
    /** IANA time zone the expression is read in (default UTC). */
    timezone?: string;
    /** After downtime: run once for the latest missed tick (default), or wait for the next tick. */
    catchUp?: "latest" | "none";
  };
  /** A scheduled export of accepted events as DataContract rows to files (Parquet, CSV or NDJSON), compressed and PGP-encrypted, in S3 (or a Snowflake stage's S3 location) or a local directory. */
  export?: {
    dataContract: Name;
    /** Which accepted events become rows, and how their payload maps to the DataContract's fields. */
    source: {
      /** Event type patterns (`*` one segment, `**` any number). */
      events: string[];
      /** DataContract field → where its value is in an accepted event: `id`, `type`, `acceptedAt`, or a dotted path under `data` (`data.shipment.number`). Fields not listed are read from `data.<field>`. */
      fields?: Record<string, string>;
    };
    /** When the export runs, in the same forms as `spec.schedule` (which it defaults to). Each run exports the previous whole `window`. */
    schedule?: string | {
      /** Cron expression: 5 fields, or 6 with seconds first. */
      cron: string;
      /** IANA time zone the expression is read in (default UTC). */
      timezone?: string;
      /** After downtime: run once for the latest missed tick (default), or wait for the next tick. */
      catchUp?: "latest" | "none";
    };
    /** The period one run exports, ending at the start of the current period: the previous `month`, `day` or `hour` (UTC). */
    window?: "month" | "day" | "hour";
    /** File format. */
    format?: "parquet" | "csv" | "ndjson";
    /** Codec: Parquet column chunks use it; CSV and NDJSON files are zstd frames (`snappy` is Parquet only). */
    compression?: "zstd" | "snappy" | "none";
    /** What happens to `restricted` fields before they leave: `drop` the column, or `mask` it (a SHA-256 digest of the value). */
    restricted?: "drop" | "mask";
    /** Most rows per file; a larger window is split into parts. */
    rowsPerFile?: number;
    /** OpenPGP encryption of every file to all recipients (any one of their private keys decrypts). */
    encryption?: {
      type: "pgp";
      /** Workspace paths of armored OpenPGP public keys. */
      recipients: string[];
    };
    /** Where the files and their manifest land: exactly one of `s3` or `directory`. */
    destination: {
      /** An S3 bucket and prefix (a Snowflake external stage is one). */
      s3?: {
        /** Bucket name. */
        bucket: string;
        /** Key prefix; each window writes under `<prefix><integration>/<window>/`. */
        prefix?: string;
        /** AWS region of the bucket. */
        region: string;
        /** An S3-compatible endpoint instead of AWS (path-style addressing). */
        endpoint?: string;
        /** Credentials by reference; without them the SDK's default chain is used. */
        credentials?: {
          accessKeyId: SecretRef;
          secretAccessKey: SecretRef;
        };
      };
      /** A local directory (relative to the runtime's working directory). */
      directory?: {
        /** Directory; each window writes under `<path>/<integration>/<window>/`. */
        path: string;
      };
    };
  };
  /** Publishes accepted events (at least once, in order per key) as DataContract messages to a stream engine. */
  stream?: {
    dataContract: Name;
    /** Which accepted events become rows, and how their payload maps to the DataContract's fields. */
    source: {
      /** Event type patterns (`*` one segment, `**` any number). */
      events: string[];
      /** DataContract field → where its value is in an accepted event: `id`, `type`, `acceptedAt`, or a dotted path under `data` (`data.shipment.number`). Fields not listed are read from `data.<field>`. */
      fields?: Record<string, string>;
    };
    /** The DataContract field that keys messages; messages with one key keep their order. */
    key: string;
    /** What happens to `restricted` fields before they leave: `drop` the column, or `mask` it (a SHA-256 digest of the value). */
    restricted?: "drop" | "mask";
    /** Exactly one engine. */
    sink: {
      /** Apache Kafka (or Confluent Cloud): one topic, the message key is the `key` field so a key stays on one partition. */
      kafka?: {
        /** Bootstrap brokers, `host:port`. */
        brokers: string[];
        /** Topic the messages go to. */
        topic: string;
        /** Connect over TLS. */
        ssl?: boolean;
        /** SASL authentication, credentials by reference. */
        sasl?: {
          /** SASL mechanism. */
          mechanism: "plain" | "scram-sha-256" | "scram-sha-512";
          username: SecretRef;
          password: SecretRef;
        };
      };
      /** NATS JetStream: published with the event id as `Nats-Msg-Id`, so a redelivery is de-duplicated by the stream. */
      nats?: {
        /** Server URLs. */
        servers: string[];
        /** JetStream stream to create over the subject if it does not exist. */
        stream?: string;
        /** Subject prefix; the message key is appended as the last token. */
        subject: string;
      };
      /** RabbitMQ: persistent messages with publisher confirms to a durable topic exchange. */
      rabbitmq?: {
        /** amqp:// URL without credentials, or a secret reference holding it. */
        url: string;
        /** Exchange (declared durable, type topic, if missing). */
        exchange: string;
        /** Default: the event type. */
        routingKey?: string;
      };
      /** Redis Streams: `XADD` with the message fields; consumers read with consumer groups. */
      redis?: {
        /** redis:// URL without credentials, or a secret reference holding it. */
        url: string;
        /** Stream key. */
        stream: string;
        /** Approximate cap on the stream length (`MAXLEN ~`). */
        maxLen?: number;
      };
      /** Amazon Kinesis Data Streams: `PutRecords` with the `key` field as partition key, so a key stays on one shard; Kinesis records have no headers, so each record is a JSON envelope `{headers, value}`. */
      kinesis?: {
        /** Stream name. */
        stream: string;
        /** AWS region of the stream. */
        region: string;
        /** A Kinesis-compatible endpoint instead of AWS (LocalStack, a test fake). */
        endpoint?: string;
        /** Credentials by reference; without them the SDK's default chain is used. */
        credentials?: {
          accessKeyId: SecretRef;
          secretAccessKey: SecretRef;
        };
      };
      /** Google Cloud Pub/Sub (needs the optional package `@google-cloud/pubsub`): ordered publishing with the `key` field as ordering key; the headers are message attributes. */
      pubsub?: {
        /** Google Cloud project id. */
        project: string;
        /** Topic id within the project (not the `projects/…/topics/…` path); it must exist. */
        topic: string;
        /** `host:port` of a Pub/Sub emulator (plaintext, no authentication), as `PUBSUB_EMULATOR_HOST` would name it; default: the Google API. */
        apiEndpoint?: string;
        /** A secret reference holding a service-account key (JSON); without it Application Default Credentials are used. */
        credentials?: SecretRef;
      };
    };
  };
  /** How a data subject's personal data is erased at the vendor. */
  erasure?: {
    /** Delete the records, suppress them, or hold only tokens. */
    method: "delete" | "suppress" | "tokenize";
    /** The contract operation that performs it (for delete and suppress). */
    operation?: string;
    /** The field identifying the subject. */
    identifier?: string;
    /** Days within which erasure completes. */
    withinDays?: number;
    /** Which identifier of an erasure request the `identifier` field holds; by default read from its name (an email or phone field), else the vendor's account id. */
    identifierType?: "email" | "accountId" | "phone";
    /** Request fields → values for the erasure operation, as `actions[].with`: a key is a parameter name or a dotted path into the JSON body; templates read `{{subject.value}}` (the identifier) and `{{lookup.id}}` (the vendor's id found by `lookup`). Default: the `identifier` field gets `{{subject.value}}`. */
    with?: Record<string, unknown>;
    /** When the vendor needs its own id first: the operation that finds it, its request (templates over `{{subject.value}}`), and where the id is in the answer. */
    lookup?: {
      /** operationId of the search operation (listed in `uses`). */
      operation: string;
      /** Request fields → values, as `with`. */
      with?: Record<string, unknown>;
      /** Dotted path of the id in the answer; a missing id means the vendor holds no record of the subject. */
      id: string;
    };
  };
  /** How a new version is rolled out. */
  rollout?: {
    /** All at once, or a canary that shifts traffic step by step. */
    strategy: "all-at-once" | "canary";
    /** Share of events sent to the new version at each step, in percent. */
    steps?: number[];
    /** Error rate (0–1) above which the canary is rolled back. */
    maxErrorRate?: number;
    window?: Duration;
  };
  /** What the vendor promises for this connector; the trust score (docs/trust-score.md) measures it against these. Every field is optional, with the default shown. */
  slo?: {
    /** Share of delivery attempts and calls that must succeed (default 0.99). */
    availability?: number;
    /** Highest acceptable share of 5xx answers (default 0.01). */
    maxErrorRate?: number;
    /** 95th percentile latency the vendor stays under, in milliseconds (default 2000). */
    latencyP95Ms?: number;
    /** The window the score and the sustained-5xx alert look back over, in seconds (default 900). */
    windowSeconds?: number;
  };
  /** Refuse to delete this integration when it disappears from the workspace, until explicitly released. */
  protect?: boolean;
};

/** The API contract of a vendor (or of Interlock itself): where its OpenAPI or GraphQL description lives, its version, and the breaking changes announced for it. */
export type ContractSpec = {
  vendor?: Name;
  /** The description format. */
  format: "openapi" | "graphql";
  /** The API description file, relative to this manifest. */
  source: string;
  version: Semver;
  /** Which changes are allowed without a major version: backward (clients keep working), forward, full (both), none (not checked). */
  compatibility?: "backward" | "forward" | "full" | "none";
  /** Teams that must review changes to this contract. */
  owners?: string[];
  /** The vendor's full published description this contract was trimmed from by `interlock import`: where it is and its hash when imported, so a change upstream can be noticed and the import repeated. */
  upstream?: {
    /** The full description: an https URL, or a path relative to this manifest. */
    source: string;
    /** SHA-256 (hex) of the full description's bytes when it was imported. */
    sha256: string;
    /** What the import kept: operationIds (OpenAPI) or root fields such as `Query.issue` (GraphQL). */
    uses?: string[];
  };
  /** Breaking changes acknowledged in this version. A breaking change passes only with a major bump and a matching announcement. */
  announcements?: {
    /** The compatibility rule id. */
    change: string;
    /** `METHOD /path` of the operation, or a GraphQL schema coordinate. */
    operation?: string;
    /** JSON pointer into the description, when the change is not tied to one operation. */
    pointer?: string;
    /** When the change was announced to the connector owners. */
    date: string;
    /** Why the break is acceptable. */
    reason: string;
  }[];
};

/** A record we export or stream: its fields, their types and classification. */
export type DataContractSpec = {
  version: Semver;
  /** What the record is. */
  description?: string;
  /** Fields that identify a record. */
  primaryKey?: string[];
  /** The field that identifies the data subject, for erasure. */
  subjectIdentifier?: string;
  /** The record's fields, by name. */
  fields: Record<string, {
    /** The field type. */
    type: "string" | "integer" | "number" | "boolean" | "date" | "date-time" | "object" | "array";
    /** What the field holds. */
    description?: string;
    /** Always present. */
    required?: boolean;
    classification: Classification;
  }>;
  /** Breaking changes to this record acknowledged in this version. A breaking change passes only with a major bump and a matching announcement. */
  announcements?: {
    /** The compatibility rule id. */
    change: string;
    /** The field (ODCS: property) the change is about, by its name in the base version. */
    property: string;
    /** When the change was announced to the record's consumers. */
    date: string;
    /** Why the break is acceptable. */
    reason: string;
  }[];
};

/** How vendor risk tiers are computed, and what each tier must have before onboarding. */
export type RiskPolicySpec = {
  /** Points per criterion; a vendor's score is the sum. */
  scoring?: {
    /** Points by sensitivity. */
    dataSensitivity?: {
      /** Points for public data. */
      public?: number;
      /** Points for internal data. */
      internal?: number;
      /** Points for confidential data. */
      confidential?: number;
      /** Points for restricted data. */
      restricted?: number;
    };
    /** Points by access level. */
    accessLevel?: {
      /** Points for read access. */
      read?: number;
      /** Points for write access. */
      write?: number;
      /** Points for admin access. */
      admin?: number;
      /** Points for bulk-export access. */
      "bulk-export"?: number;
    };
    /** Points by criticality. */
    criticality?: {
      /** Points for low criticality. */
      low?: number;
      /** Points for medium criticality. */
      medium?: number;
      /** Points for high criticality. */
      high?: number;
      /** Points for critical criticality. */
      critical?: number;
    };
    /** Points when data leaves the subjects' jurisdiction. */
    crossBorder?: number;
  };
  /** Lowest score for each tier above low. */
  thresholds: {
    /** Score from which a vendor is medium. */
    medium: number;
    /** Score from which a vendor is high. */
    high: number;
    /** Score from which a vendor is critical. */
    critical: number;
  };
  /** Requirements by tier. */
  gates: {
    /** What a vendor of this tier needs before its integrations may be enabled. */
    low?: {
      /** An approved, unexpired assessment is required. */
      assessment?: boolean;
      /** Attestation types that satisfy the gate (any one, current). */
      attestation?: string[];
      /** Contract requirements. */
      contract?: {
        /** The contract must be countersigned. */
        countersigned?: boolean;
        /** Clauses the contract must contain. */
        clauses?: ("encryption" | "breachNotification" | "auditRights" | "subprocessorNotice")[];
        /** A data processing agreement is required. */
        dpa?: boolean;
      };
      /** Onboarding approvals required. */
      approvals?: {
        /** Fewest distinct approvers. */
        min?: number;
        /** Review roles at least one approver must hold. */
        roles?: string[];
      };
    };
    /** What a vendor of this tier needs before its integrations may be enabled. */
    medium?: {
      /** An approved, unexpired assessment is required. */
      assessment?: boolean;
      /** Attestation types that satisfy the gate (any one, current). */
      attestation?: string[];
      /** Contract requirements. */
      contract?: {
        /** The contract must be countersigned. */
        countersigned?: boolean;
        /** Clauses the contract must contain. */
        clauses?: ("encryption" | "breachNotification" | "auditRights" | "subprocessorNotice")[];
        /** A data processing agreement is required. */
        dpa?: boolean;
      };
      /** Onboarding approvals required. */
      approvals?: {
        /** Fewest distinct approvers. */
        min?: number;
        /** Review roles at least one approver must hold. */
        roles?: string[];
      };
    };
    /** What a vendor of this tier needs before its integrations may be enabled. */
    high?: {
      /** An approved, unexpired assessment is required. */
      assessment?: boolean;
      /** Attestation types that satisfy the gate (any one, current). */
      attestation?: string[];
      /** Contract requirements. */
      contract?: {
        /** The contract must be countersigned. */
        countersigned?: boolean;
        /** Clauses the contract must contain. */
        clauses?: ("encryption" | "breachNotification" | "auditRights" | "subprocessorNotice")[];
        /** A data processing agreement is required. */
        dpa?: boolean;
      };
      /** Onboarding approvals required. */
      approvals?: {
        /** Fewest distinct approvers. */
        min?: number;
        /** Review roles at least one approver must hold. */
        roles?: string[];
      };
    };
    /** What a vendor of this tier needs before its integrations may be enabled. */
    critical?: {
      /** An approved, unexpired assessment is required. */
      assessment?: boolean;
      /** Attestation types that satisfy the gate (any one, current). */
      attestation?: string[];
      /** Contract requirements. */
      contract?: {
        /** The contract must be countersigned. */
        countersigned?: boolean;
        /** Clauses the contract must contain. */
        clauses?: ("encryption" | "breachNotification" | "auditRights" | "subprocessorNotice")[];
        /** A data processing agreement is required. */
        dpa?: boolean;
      };
      /** Onboarding approvals required. */
      approvals?: {
        /** Fewest distinct approvers. */
        min?: number;
        /** Review roles at least one approver must hold. */
        roles?: string[];
      };
    };
  };
  /** Longest breach-notification period the contract may allow. */
  breachNotificationMaxHours?: number;
  /** Warn this many days before an assessment or attestation expires. */
  noticeDays?: number;
};

/** Longest retention allowed by classification, and erasure requirements. */
export type RetentionPolicySpec = {
  /** Longest retention, in days, by the highest sensitivity involved. */
  maxDays: {
    /** Longest retention of public data, in days. */
    public?: number;
    /** Longest retention of internal data, in days. */
    internal?: number;
    /** Longest retention of confidential data, in days. */
    confidential?: number;
    /** Longest retention of restricted data, in days. */
    restricted?: number;
  };
  /** Personal data must declare a retention. */
  personalDataRequiresRetention?: boolean;
  /** Erasure requirements for integrations that receive personal data. */
  erasure?: {
    /** Such integrations must declare erasure. */
    required?: boolean;
    /** Tokenization must complete within this many days. */
    maxTokenizationDays?: number;
    /** Any erasure must complete within this many days. */
    maxDays?: number;
  };
};

/** Where personal data of each jurisdiction may be stored, and which transfer mechanisms allow exceptions. */
export type ResidencyPolicySpec = {
  /** One entry per group of data subjects. */
  rules: ({
    /** Jurisdictions of the data subjects. */
    subjects: Jurisdiction[];
    /** Locations (prefix match: `eu` covers `eu-central`) where their data may be. */
    allowedLocations: Jurisdiction[];
    /** Mechanisms that allow other locations, with a transfer impact assessment. */
    transferMechanisms?: ("scc" | "idta" | "adequacy" | "bcr")[];
  })[];
};

/** How integrations must connect: https, TLS version, mutual TLS. */
export type TransportPolicySpec = {
  /** Every endpoint is https. */
  requireHttps?: boolean;
  /** Lowest TLS version allowed. */
  minTlsVersion?: "1.2" | "1.3";
  /** Integrations that must use mutual TLS. */
  mtls?: {
    /** Integration names. */
    integrations?: Name[];
    /** Vendor names. */
    vendors?: Name[];
    /** Labels the resource must carry. */
    labels?: Record<string, string>;
  }[];
};

/** How contract changes are judged in CI. */
export type CompatPolicySpec = {
  /** Lowest change level that fails CI. */
  failOn?: "breaking" | "warning" | "none";
  /** A breaking change needs a major version bump and an announcement. */
  requireMajorBump?: boolean;
  /** Breaking changes in operations no integration uses are reported as info. */
  unusedAsInfo?: boolean;
  /** Level overrides by compatibility rule id. */
  rules?: Record<string, "off" | "info" | "warning" | "breaking">;
};

/** Severity of each governance rule in this workspace. */
export type RulesetSpec = {
  /** Severity by rule id. */
  rules: Record<string, RuleSeverity>;
};

/** A time-limited, approved exception to one governance rule for one resource. An expired waiver stops waiving. */
export type WaiverSpec = {
  /** The rule id waived. */
  rule: string;
  /** `Kind/name` of the resource. */
  resource: string;
  /** Why the exception is acceptable. */
  reason: string;
  approver: Login;
  /** The day the waiver stops applying. */
  expires: string;
};
