namespace TwinCity.Importers.Sources;

/// <summary>
/// Finds the shared real-data folder: <c>TWINCITY_DATA</c> when set, otherwise a
/// <c>shared/data</c> folder beside the checkout (the layout developers and CI use).
/// </summary>
public static class DataFolder
{
    /// <summary>The environment variable that overrides the search.</summary>
    public const string EnvironmentVariable = "TWINCITY_DATA";

    /// <summary>The data folder, or null when none is found.</summary>
    public static string? Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data");
                if (File.Exists(Path.Combine(candidate, "README.md")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>The full path of <paramref name="relativePath"/> inside the data folder.</summary>
    /// <exception cref="DirectoryNotFoundException">No data folder was found; the message says how to point at one.</exception>
    public static string GetPath(string relativePath)
    {
        var root = Locate() ?? throw new DirectoryNotFoundException(
            $"TwinCity data folder not found: set {EnvironmentVariable} to the folder holding osm/monaco-latest.osm.pbf.");
        return Path.Combine(root, relativePath);
    }
}
