namespace TwinCity.Importers.Errors;

/// <summary>
/// A file could not be imported. The message starts with where the problem is, e.g.
/// "monaco.osm.pbf block 12 at byte 40960: ...", so a planner can find and fix it.
/// </summary>
public class ImportException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> must start with the location.</summary>
    public ImportException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the error that caused it.</summary>
    public ImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
