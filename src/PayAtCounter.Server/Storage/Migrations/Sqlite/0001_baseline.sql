-- Version 1: the schema as PayAtCounter created it before versioned migrations (EF Core's create script for the
-- model). Every table and index is created only if missing, so a database made before versions were recorded is
-- adopted as version 1 with its data. Later changes are new files, never edits to this one.
CREATE TABLE IF NOT EXISTS "accounts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_accounts" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "KeyHash" BLOB NOT NULL,
    "IsSandbox" INTEGER NOT NULL,
    "CreatedAtTicks" INTEGER NOT NULL
);


CREATE TABLE IF NOT EXISTS "data_protection_keys" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_data_protection_keys" PRIMARY KEY,
    "Xml" TEXT NOT NULL,
    "CreatedAtTicks" INTEGER NOT NULL
);


CREATE TABLE IF NOT EXISTS "fault_rules" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_fault_rules" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "Remaining" INTEGER NULL,
    "ExpiresAtWallTicks" INTEGER NOT NULL,
    "CreatedAtWallTicks" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "Document" TEXT NOT NULL
);


CREATE TABLE IF NOT EXISTS "outbox_events" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_outbox_events" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "Type" TEXT NOT NULL,
    "Payload" TEXT NOT NULL,
    "OccurredAtTicks" INTEGER NOT NULL,
    "FannedOut" INTEGER NOT NULL
);


CREATE TABLE IF NOT EXISTS "payment_intents" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_payment_intents" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "CreatedAtTicks" INTEGER NOT NULL,
    "NextDueAtTicks" INTEGER NULL,
    "Version" INTEGER NOT NULL,
    "Document" TEXT NOT NULL
);


CREATE TABLE IF NOT EXISTS "readiness_runs" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_readiness_runs" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "PosVersion" TEXT NULL,
    "StartedWallTicks" INTEGER NOT NULL,
    "EndedWallTicks" INTEGER NULL,
    "Version" INTEGER NOT NULL
);


CREATE TABLE IF NOT EXISTS "recorded_requests" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_recorded_requests" PRIMARY KEY,
    "AccountId" TEXT NULL,
    "WallTicks" INTEGER NOT NULL,
    "SandboxTicks" INTEGER NOT NULL,
    "Method" TEXT NOT NULL,
    "Path" TEXT NOT NULL,
    "Query" TEXT NULL,
    "Version" TEXT NULL,
    "SentSoftwareHouseId" INTEGER NOT NULL,
    "SentResellerId" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "LatencyMicroseconds" INTEGER NOT NULL,
    "RequestBody" TEXT NULL,
    "RequestBodyCut" INTEGER NOT NULL,
    "ResponseBody" TEXT NULL,
    "ResponseBodyCut" INTEGER NOT NULL,
    "ResponseUnchanged" INTEGER NOT NULL,
    "ClientAddress" TEXT NULL,
    "UserAgent" TEXT NULL,
    "KeyFingerprint" TEXT NULL
);


CREATE TABLE IF NOT EXISTS "refunds" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_refunds" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "PaymentIntentId" TEXT NOT NULL,
    "IdempotencyKey" TEXT NOT NULL,
    "Amount" INTEGER NOT NULL,
    "RefundReason" TEXT NULL,
    "Notes" TEXT NULL,
    "PreviousTransactionId" TEXT NULL,
    "Message" TEXT NOT NULL,
    "CreatedAtTicks" INTEGER NOT NULL
);


CREATE TABLE IF NOT EXISTS "sandbox_clock" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_sandbox_clock" PRIMARY KEY,
    "SandboxTicks" INTEGER NOT NULL
);


CREATE TABLE IF NOT EXISTS "sandbox_snapshots" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_sandbox_snapshots" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "TakenAtTicks" INTEGER NOT NULL,
    "Counts" TEXT NOT NULL,
    "IdSeed" INTEGER NULL,
    "IdSequence" INTEGER NULL,
    "Content" TEXT NOT NULL,
    "Version" INTEGER NOT NULL
);


CREATE TABLE IF NOT EXISTS "terminal_sessions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_terminal_sessions" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "TerminalId" TEXT NOT NULL,
    "PaymentIntentId" TEXT NULL,
    "CreatedAtTicks" INTEGER NOT NULL,
    "NextDueAtTicks" INTEGER NULL,
    "Version" INTEGER NOT NULL,
    "Document" TEXT NOT NULL
);


CREATE TABLE IF NOT EXISTS "terminals" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_terminals" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "Document" TEXT NOT NULL
);


CREATE TABLE IF NOT EXISTS "webhook_deliveries" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_webhook_deliveries" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "SubscriptionId" TEXT NOT NULL,
    "EventId" TEXT NOT NULL,
    "NextAttemptAtTicks" INTEGER NULL,
    "CreatedAtTicks" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "Document" TEXT NOT NULL
);


CREATE TABLE IF NOT EXISTS "webhook_delivery_rules" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_webhook_delivery_rules" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "SubscriptionId" TEXT NOT NULL,
    "Used" INTEGER NOT NULL,
    "WindowStartTicks" INTEGER NULL,
    "ExpiresAtWallTicks" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "Document" TEXT NOT NULL
);


CREATE TABLE IF NOT EXISTS "webhook_subscriptions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_webhook_subscriptions" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "Document" TEXT NOT NULL
);


CREATE UNIQUE INDEX IF NOT EXISTS "IX_accounts_KeyHash" ON "accounts" ("KeyHash");


CREATE INDEX IF NOT EXISTS "IX_fault_rules_AccountId" ON "fault_rules" ("AccountId");


CREATE INDEX IF NOT EXISTS "IX_outbox_events_FannedOut_OccurredAtTicks" ON "outbox_events" ("FannedOut", "OccurredAtTicks");


CREATE INDEX IF NOT EXISTS "IX_payment_intents_AccountId_CreatedAtTicks_Id" ON "payment_intents" ("AccountId", "CreatedAtTicks", "Id");


CREATE INDEX IF NOT EXISTS "IX_payment_intents_NextDueAtTicks" ON "payment_intents" ("NextDueAtTicks");


CREATE INDEX IF NOT EXISTS "IX_readiness_runs_AccountId_StartedWallTicks" ON "readiness_runs" ("AccountId", "StartedWallTicks");


CREATE INDEX IF NOT EXISTS "IX_recorded_requests_AccountId_WallTicks" ON "recorded_requests" ("AccountId", "WallTicks");


CREATE INDEX IF NOT EXISTS "IX_recorded_requests_WallTicks" ON "recorded_requests" ("WallTicks");


CREATE UNIQUE INDEX IF NOT EXISTS "IX_refunds_PaymentIntentId_IdempotencyKey" ON "refunds" ("PaymentIntentId", "IdempotencyKey");


CREATE INDEX IF NOT EXISTS "IX_sandbox_snapshots_AccountId" ON "sandbox_snapshots" ("AccountId");


CREATE INDEX IF NOT EXISTS "IX_terminal_sessions_AccountId_CreatedAtTicks" ON "terminal_sessions" ("AccountId", "CreatedAtTicks");


CREATE INDEX IF NOT EXISTS "IX_terminal_sessions_NextDueAtTicks" ON "terminal_sessions" ("NextDueAtTicks");


CREATE INDEX IF NOT EXISTS "IX_terminal_sessions_PaymentIntentId" ON "terminal_sessions" ("PaymentIntentId");


CREATE INDEX IF NOT EXISTS "IX_terminal_sessions_TerminalId_CreatedAtTicks" ON "terminal_sessions" ("TerminalId", "CreatedAtTicks");


CREATE INDEX IF NOT EXISTS "IX_terminals_AccountId" ON "terminals" ("AccountId");


CREATE INDEX IF NOT EXISTS "IX_webhook_deliveries_AccountId_CreatedAtTicks" ON "webhook_deliveries" ("AccountId", "CreatedAtTicks");


CREATE INDEX IF NOT EXISTS "IX_webhook_deliveries_NextAttemptAtTicks" ON "webhook_deliveries" ("NextAttemptAtTicks");


CREATE INDEX IF NOT EXISTS "IX_webhook_delivery_rules_AccountId" ON "webhook_delivery_rules" ("AccountId");


CREATE INDEX IF NOT EXISTS "IX_webhook_subscriptions_AccountId" ON "webhook_subscriptions" ("AccountId");
