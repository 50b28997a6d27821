namespace TwinCity.Importers.Errors;

/// <summary>One feature of a file is invalid (bad geometry, absurd attribute, ...).</summary>
public sealed class FeatureException : ImportException
{
    /// <summary>Creates the exception for the feature <paramref name="featureId"/> of <paramref name="file"/>.</summary>
    public FeatureException(string file, string featureId, string reason)
        : base($"{file} feature {featureId}: {reason}")
    {
        File = file;
        FeatureId = featureId;
        Reason = reason;
    }

    /// <summary>The file name (no folder).</summary>
    public string File { get; }

    /// <summary>The feature's id in the source, e.g. <c>osm:way/123</c>.</summary>
    public string FeatureId { get; }

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; }
}
