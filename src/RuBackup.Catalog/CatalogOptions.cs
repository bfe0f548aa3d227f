namespace RuBackup.Catalog;

/// <summary>
/// Where the catalog lives: <c>sqlite</c> (default) keeps <c>DataFolder/catalog.db</c>; <c>postgresql</c>
/// connects with <see cref="ConnectionString"/> (an Npgsql connection string). Bound from the server's
/// configuration section <see cref="Section"/>, so errors name the options as <c>Catalog:Provider</c>.
/// </summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    public const string Sqlite = "sqlite";

    public const string PostgreSql = "postgresql";

    /// <summary>"sqlite" or "postgresql" (case-insensitive).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>The folder holding catalog.db (sqlite); created when missing.</summary>
    public string? DataFolder { get; set; }

    /// <summary>The PostgreSQL connection string (postgresql); ignored by sqlite.</summary>
    public string? ConnectionString { get; set; }
}

/// <summary>The catalog options are missing or wrong; the message names the option.</summary>
public sealed class CatalogOptionsException(string message) : Exception(message);
