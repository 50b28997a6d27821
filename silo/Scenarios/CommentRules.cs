using System.Text.RegularExpressions;

namespace TwinCity.Silo.Scenarios;

/// <summary>
/// What a public comment may contain: short plain text with no personal data. Links, e-mail addresses and
/// phone numbers are refused rather than stripped, so nothing the writer did not mean to publish is kept
/// and the writer sees why.
/// </summary>
public static partial class CommentRules
{
    /// <summary>Longest comment, characters.</summary>
    public const int MaxLength = 500;

    /// <summary>Most comments one scenario keeps; further ones are refused.</summary>
    public const int MaxComments = 10_000;

    /// <summary>The comment as stored (trimmed, control characters replaced by spaces), or throws with the reason.</summary>
    /// <exception cref="ArgumentException">Empty, too long, or carries a link, e-mail address or phone number.</exception>
    public static string Clean(string? text)
    {
        var clean = string.Concat((text ?? string.Empty).Select(c => char.IsControl(c) ? ' ' : c)).Trim();
        if (clean.Length == 0)
        {
            throw new ArgumentException("comment: text is empty", nameof(text));
        }

        if (clean.Length > MaxLength)
        {
            throw new ArgumentException($"comment: {clean.Length} characters, at most {MaxLength}", nameof(text));
        }

        var reason = Email().IsMatch(clean) ? "an e-mail address"
            : Link().IsMatch(clean) ? "a link"
            : HasPhoneNumber(clean) ? "a phone number"
            : null;
        return reason is null ? clean : throw new ArgumentException($"comment: contains {reason}; comments are published anonymously and may not carry links or contact details", nameof(text));
    }

    // Eight or more digits in a run grouped by spaces, dots, dashes or brackets (after an optional +), unless it is a date.
    private static bool HasPhoneNumber(string text) =>
        Phone().Matches(text).Any(m => m.Value.Count(char.IsAsciiDigit) >= 8 && !Date().IsMatch(m.Value.Trim()));

    [GeneratedRegex(@"[\p{L}\p{N}._%+-]+\s*(@|\(at\)|\[at\])\s*[\p{L}\p{N}-]+(\s*(\.|\(dot\)|\[dot\])\s*[\p{L}\p{N}-]+)+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"(\b[a-z][a-z0-9+.-]*://|\bwww\.|\b[\p{L}\p{N}-]+\.(com|org|net|info|io|fr|mc|de|uk|eu|it|ly|be|ch|nl|es|co)\b(/|\s|$))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Link();

    [GeneratedRegex(@"\+?\d[\d\s().-]{5,}\d", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();

    [GeneratedRegex(@"^(\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex Date();
}
