using SmartMaintenance.Cloud.Storage;

namespace SmartMaintenance.Cloud.Tests.Storage;

public sealed class SqliteReadingStoreContractTests : ReadingStoreContractTests
{
    protected override StorageEngine Engine => StorageEngine.Sqlite;
}

public sealed class PostgresReadingStoreContractTests : ReadingStoreContractTests
{
    protected override StorageEngine Engine => StorageEngine.Postgres;
}

public sealed class SqliteRegistryContractTests : RegistryContractTests
{
    protected override StorageEngine Engine => StorageEngine.Sqlite;
}

public sealed class PostgresRegistryContractTests : RegistryContractTests
{
    protected override StorageEngine Engine => StorageEngine.Postgres;
}
