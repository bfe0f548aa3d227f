namespace RuBackup.Catalog;

/// <summary>
/// One step of the schema. <see cref="Sql"/> is shared by both providers; the token <c>{identity}</c>
/// stands for the provider's auto-numbered primary key column. A step whose SQL must differ gives
/// <see cref="SqliteSql"/> or <see cref="PostgresSql"/>, which then replace <see cref="Sql"/> for that provider.
/// </summary>
internal sealed record Migration(int Version, string Description, string Sql, string? SqliteSql = null, string? PostgresSql = null)
{
    public const string IdentityToken = "{identity}";

    public string SqlFor(string provider, string identityColumn)
    {
        var sql = provider switch
        {
            CatalogOptions.Sqlite => SqliteSql ?? Sql,
            CatalogOptions.PostgreSql => PostgresSql ?? Sql,
            _ => Sql,
        };
        return sql.Replace(IdentityToken, identityColumn, StringComparison.Ordinal);
    }
}
