namespace TwinCity.Models.Storage;

/// <summary>Rules every blob name follows, whatever the store.</summary>
public static class BlobName
{
    /// <summary>Longest name accepted (Azure's own limit is 1,024).</summary>
    public const int MaxLength = 512;

    /// <summary>
    /// Throws unless <paramref name="name"/> is a relative path of segments made of letters, digits,
    /// '-', '_' and '.', with no empty, '.' or '..' segment. Ids from outside (e.g. <c>osm:way/1</c>)
    /// must be mapped to such names before they reach a store.
    /// </summary>
    /// <exception cref="ArgumentException">The name could escape the store or is not portable.</exception>
    public static string Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Length > MaxLength)
        {
            throw new ArgumentException($"Blob name must be 1 to {MaxLength} characters, found {name.Length}.", nameof(name));
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                throw new ArgumentException($"Blob name '{Printable(name)}': empty, '.' or '..' segment.", nameof(name));
            }

            foreach (var c in segment)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                {
                    throw new ArgumentException($"Blob name '{Printable(name)}': character U+{(int)c:X4} is not allowed.", nameof(name));
                }
            }
        }

        return name;
    }

    private static string Printable(string name) =>
        new(name.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
