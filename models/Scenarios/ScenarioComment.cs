namespace TwinCity.Models.Scenarios;

/// <summary>
/// An anonymous comment on a published scenario. Nothing about who wrote it is kept: no name, account or
/// address; the time is kept to the minute.
/// </summary>
/// <param name="Id">Comment id within the scenario, e.g. <c>c17</c>.</param>
/// <param name="Text">The text (at most 500 characters; links, e-mail addresses and phone numbers are refused).</param>
/// <param name="Posted">When it was posted, to the minute (UTC).</param>
/// <param name="Hidden">Hidden by a planner as abusive: shown to planners only, never exported.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.ScenarioComment")]
public sealed record ScenarioComment(string Id, string Text, DateTimeOffset Posted, bool Hidden);
