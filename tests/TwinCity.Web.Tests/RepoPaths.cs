namespace TwinCity.Web.Tests;

/// <summary>Folders of the checkout the tests run from.</summary>
public static class RepoPaths
{
    /// <summary>The folder holding TwinCity.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The web project's folder (content root of the app).</summary>
    public static string Web => Path.Combine(Root, "web");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TwinCity.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No TwinCity.sln above {AppContext.BaseDirectory}.");
    }
}
