using Microsoft.Extensions.Options;

namespace TwinCity.Silo.Hosting;

/// <summary>Rejects options that would make the twin misbehave, naming the option, the value and the rule.</summary>
public sealed class TwinCitySiloOptionsValidator : IValidateOptions<TwinCitySiloOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TwinCitySiloOptions options)
    {
        var failures = new List<string>();
        if (options.FrameInterval < TimeSpan.FromMilliseconds(10) || options.FrameInterval > TimeSpan.FromSeconds(10))
        {
            failures.Add($"{TwinCitySiloOptions.SectionName}:{nameof(options.FrameInterval)} is {options.FrameInterval}; it must be between 10 ms and 10 s.");
        }

        if (options.SubscriptionLifetime < TimeSpan.FromSeconds(10))
        {
            failures.Add($"{TwinCitySiloOptions.SectionName}:{nameof(options.SubscriptionLifetime)} is {options.SubscriptionLifetime}; it must be at least 10 s (front ends renew at a third of it).");
        }

        if (options.HistoryCapacity is < 1 or > 1_000_000)
        {
            failures.Add($"{TwinCitySiloOptions.SectionName}:{nameof(options.HistoryCapacity)} is {options.HistoryCapacity}; it must be between 1 and 1,000,000.");
        }

        if (options.HistoryFlushInterval <= TimeSpan.Zero)
        {
            failures.Add($"{TwinCitySiloOptions.SectionName}:{nameof(options.HistoryFlushInterval)} is {options.HistoryFlushInterval}; it must be positive.");
        }

        if (options.StateFlushInterval <= TimeSpan.Zero)
        {
            failures.Add($"{TwinCitySiloOptions.SectionName}:{nameof(options.StateFlushInterval)} is {options.StateFlushInterval}; it must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
