namespace TwinCity.Importers.Errors;

/// <summary>A file's coordinate reference system is missing, unknown or unusable.</summary>
public sealed class CrsException : ImportException
{
    /// <summary>Creates the exception; <paramref name="message"/> names the file and the CRS.</summary>
    public CrsException(string message)
        : base(message)
    {
    }
}
