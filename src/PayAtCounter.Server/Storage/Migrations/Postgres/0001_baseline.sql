-- Version 1: the schema as PayAtCounter created it before versioned migrations (EF Core's create script for the
-- model). Every table and index is created only if missing, so a database made before versions were recorded is
-- adopted as version 1 with its data. Later changes are new files, never edits to this one.
CREATE TABLE IF NOT EXISTS accounts (
    "Id" text COLLATE "C" NOT NULL,
    "Name" text COLLATE "C" NOT NULL,
    "KeyHash" bytea NOT NULL,
    "IsSandbox" boolean NOT NULL,
    "CreatedAtTicks" bigint NOT NULL,
    CONSTRAINT "PK_accounts" PRIMARY KEY ("Id")
);


CREATE TABLE IF NOT EXISTS data_protection_keys (
    "Id" text COLLATE "C" NOT NULL,
    "Xml" text COLLATE "C" NOT NULL,
    "CreatedAtTicks" bigint NOT NULL,
    CONSTRAINT "PK_data_protection_keys" PRIMARY KEY ("Id")
);


CREATE TABLE IF NOT EXISTS fault_rules (
    "Id" text COLLATE "C" NOT NULL,
    "AccountId" text COLLATE "C" NOT NULL,
    "Remaining" integer,
    "ExpiresAtWallTicks" bigint NOT NULL,
    "CreatedAtWallTicks" bigint NOT NULL,
    "Version" integer NOT NULL,
    "Document" text COLLATE "C" NOT NULL,
    CONSTRAINT "PK_fault_rules" PRIMARY KEY ("Id")
);


CREATE TABLE IF NOT EXISTS outbox_events (
    "Id" text COLLATE "C" NOT NULL,
    "AccountId" text COLLATE "C" NOT NULL,
    "Type" text COLLATE "C" NOT NULL,
    "Payload" text COLLATE "C" NOT NULL,
    "OccurredAtTicks" bigint NOT NULL,
    "FannedOut" boolean NOT NULL,
    CONSTRAINT "PK_outbox_events" PRIMARY KEY ("Id")
);


CREATE TABLE IF NOT EXISTS payment_intents (
    "Id" text COLLATE "C" NOT NULL,
    "AccountId" text COLLATE "C" NOT NULL,
    "Status" text COLLATE "C" NOT NULL,
    "CreatedAtTicks" bigint NOT NULL,
    "NextDueAtTicks" bigint,
    "Version" integer NOT NULL,
    "Document" text COLLATE "C" NOT NULL,
    CONSTRAINT "PK_payment_intents" PRIMARY KEY ("Id")
);


CREATE TABLE IF NOT EXISTS readiness_runs (
    "Id" text COLLATE "C" NOT NULL,
    "AccountId" text COLLATE "C" NOT NULL,
    "Name" text COLLATE "C" NOT NULL,
    "PosVersion" text COLLATE "C",
    "StartedWallTicks" bigint NOT NULL,
    "EndedWallTicks" bigint,
    "Version" integer NOT NULL,
    CONSTRAINT "PK_readiness_runs" PRIMARY KEY ("Id")
);


CREATE TABLE IF NOT EXISTS recorded_requests (
    "Id" text COLLATE "C" NOT NULL,
    "AccountId" text COLLATE "C",
    "WallTicks" bigint NOT NULL,
    "SandboxTicks" bigint NOT NULL,
    "Method" text COLLATE "C" NOT NULL,
    "Path" text COLLATE "C" NOT NULL,
    "Query" text COLLATE "C",
    "Version" text COLLATE "C",
    "SentSoftwareHouseId" boolean NOT NULL,
    "SentResellerId" boolean NOT NULL,
    "Status" integer NOT NULL,
    "LatencyMicroseconds" bigint NOT NULL,
    "RequestBody" text COLLATE "C",
    "RequestBodyCut" boolean NOT NULL,
    "ResponseBody" text COLLATE "C",
    "ResponseBodyCut" boolean NOT NULL,
    "ResponseUnchanged" boolean NOT NULL,
    "ClientAddress" text COLLATE "C",
    "UserAgent" text COLLATE "C",
    "KeyFingerprint" text COLLATE "C",
    CONSTRAINT "PK_recorded_requests" PRIMARY KEY ("Id")
);


CREATE TABLE IF NOT EXISTS refunds (
    "Id" text COLLATE "C" NOT NULL,
    "AccountId" text COLLATE "C" NOT NULL,
    "PaymentIntentId" text COLLATE "C" NOT NULL,
    "IdempotencyKey" text COLLATE "C" NOT NULL,
    "Amount" bigint NOT NULL,
    "RefundReason" text COLLATE "C",
    "Notes" text COLLATE "C",
    "PreviousTransactionId" text COLLATE "C",
    "Message" text COLLATE "C" NOT NULL,
    "CreatedAtTicks" bigint NOT NULL,
    CONSTRAINT "PK_refunds" PRIMARY KEY ("Id")
);


CREATE TABLE IF NOT EXISTS sandbox_clock (
    "Id" integer NOT NULL,
    "SandboxTicks" bigint NOT NULL,
    CONSTRAINT "PK_sandbox_clock" PRIMARY KEY ("Id")
);


CREATE TABLE IF NOT EXISTS sandbox_snapshots (
    "Id" text COLLATE "C" NOT NULL,
    "AccountId" text COLLATE "C" NOT NULL,
    "Name" text COLLATE "C" NOT NULL,
    "TakenAtTicks" bigint NOT NULL,
    "Counts" text COLLATE "C" NOT NULL,
    "IdSeed" integer,
    "IdSequence" bigint,
    "Content" text COLLATE "C" NOT NULL,
    "Version" integer NOT NULL,
    CONSTRAINT "PK_sandbox_snapshots" PRIMARY KEY ("Id")
);


CREATE TABLE IF NOT EXISTS terminal_sessions (
    "Id" text COLLATE "C" NOT NULL,
    "AccountId" text COLLATE "C" NOT NULL,
    "TerminalId" text COLLATE "C" NOT NULL,
    "PaymentIntentId" text COLLATE "C",
    "CreatedAtTicks" bigint NOT NULL,
    "NextDueAtTicks" bigint,
    "Version" integer NOT NULL,
    "Document" text COLLATE "C" NOT NULL,
    CONSTRAINT "PK_terminal_sessions" PRIMARY KEY ("Id")
);


CREATE TABLE IF NOT EXISTS terminals (
    "Id" text COLLATE "C" NOT NULL,
    "AccountId" text COLLATE "C" NOT NULL,
    "Version" integer NOT NULL,
    "Document" text COLLATE "C" NOT NULL,
    CONSTRAINT "PK_terminals" PRIMARY KEY ("Id")
);


CREATE TABLE IF NOT EXISTS webhook_deliveries (
    "Id" text COLLATE "C" NOT NULL,
    "AccountId" text COLLATE "C" NOT NULL,
    "SubscriptionId" text COLLATE "C" NOT NULL,
    "EventId" text COLLATE "C" NOT NULL,
    "NextAttemptAtTicks" bigint,
    "CreatedAtTicks" bigint NOT NULL,
    "Version" integer NOT NULL,
    "Document" text COLLATE "C" NOT NULL,
    CONSTRAINT "PK_webhook_deliveries" PRIMARY KEY ("Id")
);


CREATE TABLE IF NOT EXISTS webhook_delivery_rules (
    "Id" text COLLATE "C" NOT NULL,
    "AccountId" text COLLATE "C" NOT NULL,
    "SubscriptionId" text COLLATE "C" NOT NULL,
    "Used" integer NOT NULL,
    "WindowStartTicks" bigint,
    "ExpiresAtWallTicks" bigint NOT NULL,
    "Version" integer NOT NULL,
    "Document" text COLLATE "C" NOT NULL,
    CONSTRAINT "PK_webhook_delivery_rules" PRIMARY KEY ("Id")
);


CREATE TABLE IF NOT EXISTS webhook_subscriptions (
    "Id" text COLLATE "C" NOT NULL,
    "AccountId" text COLLATE "C" NOT NULL,
    "Version" integer NOT NULL,
    "Document" text COLLATE "C" NOT NULL,
    CONSTRAINT "PK_webhook_subscriptions" PRIMARY KEY ("Id")
);


CREATE UNIQUE INDEX IF NOT EXISTS "IX_accounts_KeyHash" ON accounts ("KeyHash");


CREATE INDEX IF NOT EXISTS "IX_fault_rules_AccountId" ON fault_rules ("AccountId");


CREATE INDEX IF NOT EXISTS "IX_outbox_events_FannedOut_OccurredAtTicks" ON outbox_events ("FannedOut", "OccurredAtTicks");


CREATE INDEX IF NOT EXISTS "IX_payment_intents_AccountId_CreatedAtTicks_Id" ON payment_intents ("AccountId", "CreatedAtTicks", "Id");


CREATE INDEX IF NOT EXISTS "IX_payment_intents_NextDueAtTicks" ON payment_intents ("NextDueAtTicks");


CREATE INDEX IF NOT EXISTS "IX_readiness_runs_AccountId_StartedWallTicks" ON readiness_runs ("AccountId", "StartedWallTicks");


CREATE INDEX IF NOT EXISTS "IX_recorded_requests_AccountId_WallTicks" ON recorded_requests ("AccountId", "WallTicks");


CREATE INDEX IF NOT EXISTS "IX_recorded_requests_WallTicks" ON recorded_requests ("WallTicks");


CREATE UNIQUE INDEX IF NOT EXISTS "IX_refunds_PaymentIntentId_IdempotencyKey" ON refunds ("PaymentIntentId", "IdempotencyKey");


CREATE INDEX IF NOT EXISTS "IX_sandbox_snapshots_AccountId" ON sandbox_snapshots ("AccountId");


CREATE INDEX IF NOT EXISTS "IX_terminal_sessions_AccountId_CreatedAtTicks" ON terminal_sessions ("AccountId", "CreatedAtTicks");


CREATE INDEX IF NOT EXISTS "IX_terminal_sessions_NextDueAtTicks" ON terminal_sessions ("NextDueAtTicks");


CREATE INDEX IF NOT EXISTS "IX_terminal_sessions_PaymentIntentId" ON terminal_sessions ("PaymentIntentId");


CREATE INDEX IF NOT EXISTS "IX_terminal_sessions_TerminalId_CreatedAtTicks" ON terminal_sessions ("TerminalId", "CreatedAtTicks");


CREATE INDEX IF NOT EXISTS "IX_terminals_AccountId" ON terminals ("AccountId");


CREATE INDEX IF NOT EXISTS "IX_webhook_deliveries_AccountId_CreatedAtTicks" ON webhook_deliveries ("AccountId", "CreatedAtTicks");


CREATE INDEX IF NOT EXISTS "IX_webhook_deliveries_NextAttemptAtTicks" ON webhook_deliveries ("NextAttemptAtTicks");


CREATE INDEX IF NOT EXISTS "IX_webhook_delivery_rules_AccountId" ON webhook_delivery_rules ("AccountId");


CREATE INDEX IF NOT EXISTS "IX_webhook_subscriptions_AccountId" ON webhook_subscriptions ("AccountId");
