namespace Orleans.Widgets.Grains.Tests.Domain;

/// <summary>A fresh directory for a SQLite silo's file, so a test can stop and restart a silo on the same data; deleted on dispose.</summary>
internal sealed class SqliteDataDirectory : IDisposable
{
    public SqliteDataDirectory(string name)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), name + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Silo settings for the SQLite store in this directory.</summary>
    public Dictionary<string, string?> Settings => new() { ["Widgets:Storage:Provider"] = "Sqlite", ["Widgets:Storage:DataDirectory"] = Path };

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
