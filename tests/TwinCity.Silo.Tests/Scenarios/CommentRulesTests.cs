using TwinCity.Silo.Scenarios;

namespace TwinCity.Silo.Tests.Scenarios;

public sealed class CommentRulesTests
{
    [Theory]
    [InlineData("Please keep the market on Saturdays.")]
    [InlineData("Works from 2026-06-21 to 21.09.2026 are too long.")]
    [InlineData("Build 120 homes, not 80.")]
    [InlineData("Merci, très bien ! 👍")]
    public void Plain_text_is_kept(string text) => Assert.Equal(text, CommentRules.Clean(text));

    [Theory]
    [InlineData("see http://x.example/plan", "a link")]
    [InlineData("see www.example.org", "a link")]
    [InlineData("details on planmonaco.mc now", "a link")]
    [InlineData("mail jean.dupont@gmail.com", "an e-mail address")]
    [InlineData("mail jean (at) gmail (dot) com", "an e-mail address")]
    [InlineData("call 06 12 34 56 78", "a phone number")]
    [InlineData("call +33612345678", "a phone number")]
    [InlineData("   ", "empty")]
    public void Links_contact_details_and_empty_text_are_refused_with_the_reason(string text, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => CommentRules.Clean(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_is_trimmed_control_characters_become_spaces_and_501_characters_are_refused()
    {
        Assert.Equal("a b", CommentRules.Clean("\n a\tb \r"));
        Assert.Equal(CommentRules.MaxLength, CommentRules.Clean(new string('x', CommentRules.MaxLength)).Length);
        Assert.Throws<ArgumentException>(() => CommentRules.Clean(new string('x', CommentRules.MaxLength + 1)));
    }
}
