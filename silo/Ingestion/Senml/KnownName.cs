namespace TwinCity.Silo.Ingestion.Senml;

/// <summary>
/// A name the caller of <see cref="SenmlParser.Parse"/> already holds (e.g. a registered sensor), found by
/// its <see cref="SenmlParser.NameLookup"/>: a record with this name is named with <see cref="Text"/>, not
/// a new string, and carries this object as <see cref="SenmlRecord.Known"/>, so the caller need not look
/// the name up a second time. Derive from it to carry what the caller found.
/// </summary>
/// <param name="text">The name.</param>
public class KnownName(string text)
{
    /// <summary>The name.</summary>
    public string Text { get; } = text;
}
