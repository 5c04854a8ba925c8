#!/usr/bin/env bash
# After a change to PayAtCounterDb's model, regenerates what SQLite start-up uses instead of building it at
# run time: the compiled model (src/PayAtCounter.Server/Storage/CompiledModel). SqliteModelTests fails until it is
# regenerated and committed. The schema change itself is a migration script (docs/architecture.md, "Adding a table").
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:$HOME/.dotnet/tools"
command -v dotnet-ef >/dev/null 2>&1 || dotnet tool install --global dotnet-ef --version 10.0.15
storage=src/PayAtCounter.Server/Storage
# The tool builds the project with the old compiled model in place (StorageSetup refers to it), writes the
# new one beside it, and the new one then replaces the old, so files of removed entities go too.
rm -rf "$storage/CompiledModel.new"
(cd src/PayAtCounter.Server && dotnet ef dbcontext optimize --output-dir Storage/CompiledModel.new --namespace PayAtCounter.Server.Storage.CompiledModel)
# The generated assembly attribute would make EF use this SQLite model for PostgreSQL too; StorageSetup
# chooses it explicitly for SQLite instead.
rm "$storage/CompiledModel.new/PayAtCounterDbAssemblyAttributes.cs"
rm -rf "$storage/CompiledModel" && mv "$storage/CompiledModel.new" "$storage/CompiledModel"
dotnet test tests/PayAtCounter.Server.Tests --filter "FullyQualifiedName~SqliteModelTests"
