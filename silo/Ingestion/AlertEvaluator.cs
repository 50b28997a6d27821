using System.Collections.Concurrent;
using TwinCity.Models.Alerts;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// Evaluates alert rules on the readings the twin accepted, and reports only transitions (a condition
/// that starts or stops holding) to the alerts grain, so a flood of readings is not a flood of grain
/// calls. Keeps the newest reading of each entity metric a rule watches: <c>rises</c> and <c>falls</c>
/// rules compare a reading with it (change per minute), <c>stale</c> rules compare its time with the
/// clock (<see cref="CheckStaleAsync"/>, on a timer). A reading no newer than it (late, or sent again)
/// decides nothing: alerts follow the newest reading, as the latest values do. Listeners (the web front
/// end) hear every change.
/// </summary>
public sealed class AlertEvaluator
{
    private static readonly TimeSpan RulesMaxAge = TimeSpan.FromSeconds(2);
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string Rule, string Entity), bool> _active = new();
    private readonly ConcurrentDictionary<(string Entity, string Metric), Heard> _newest = new();
    private readonly RefreshingCache<RuleSnapshot> _rules;

    /// <summary>Creates the evaluator; it reads the rules when first asked.</summary>
    public AlertEvaluator(IGrainFactory grains, TimeProvider time)
    {
        (_grains, _time) = (grains, time);
        _rules = new RefreshingCache<RuleSnapshot>(new RuleSnapshot(-1, []), ReadRulesAsync, RulesMaxAge, time);
    }

    /// <summary>Alerts that were raised, acknowledged or cleared.</summary>
    public event Action<IReadOnlyList<Alert>>? Changed;

    /// <summary>Tells listeners about changes made elsewhere (an acknowledgement through the API).</summary>
    public void Publish(IReadOnlyList<Alert> alerts)
    {
        if (alerts.Count > 0)
        {
            Changed?.Invoke(alerts);
        }
    }

    /// <summary>Forgets the cached rules (after an edit through this process).</summary>
    public void Invalidate() => _rules.Invalidate();

    /// <summary>Evaluates the rules on readings just applied.</summary>
    public async Task EvaluateAsync(IReadOnlyList<RoutedReading> applied)
    {
        var rules = await _rules.GetAsync().ConfigureAwait(false);
        if (rules.Rules.Count == 0)
        {
            return;
        }

        var signals = new List<AlertSignal>();
        foreach (var reading in applied)
        {
            if (!rules.Watches(reading.MetricIndex))
            {
                continue;
            }

            var (entity, metric) = (reading.Entity.Id, MetricCatalog.Buildings[reading.MetricIndex].Id);
            if (!TryAdvance((entity, metric), new Heard(reading.Time, reading.Value), out var previous))
            {
                continue; // late or sent again: the newest reading decided already
            }

            foreach (var rule in rules.Rules)
            {
                if (rule.MetricId == metric && Decide(rule, reading, previous) is { } decision)
                {
                    Transition(rule, entity, decision.Holds, decision.Value, reading.Time, signals);
                }
            }
        }

        await ReportAsync(signals).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether <paramref name="rule"/> holds after <paramref name="reading"/>, and the value that says so:
    /// the reading itself, or for <c>rises</c>/<c>falls</c> its change per minute since <paramref name="previous"/>
    /// (no decision without one). A reading ends staleness.
    /// </summary>
    private static (bool Holds, double Value)? Decide(AlertRule rule, RoutedReading reading, Heard? previous)
    {
        switch (rule.Condition)
        {
            case AlertConditions.Above:
                return (reading.Value > rule.Threshold, reading.Value);
            case AlertConditions.Below:
                return (reading.Value < rule.Threshold, reading.Value);
            case AlertConditions.Rises or AlertConditions.Falls:
                if (previous is not { } before)
                {
                    return null;
                }

                var perMinute = (reading.Value - before.Value) / (reading.Time - before.Time).TotalMinutes;
                return (rule.Condition == AlertConditions.Rises ? perMinute > rule.Threshold : -perMinute > rule.Threshold, perMinute);
            default:
                return (false, reading.Value);
        }
    }

    /// <summary>Raises <c>stale</c> alerts for entities whose metric has been silent too long.</summary>
    public async Task CheckStaleAsync()
    {
        var rules = (await _rules.GetAsync().ConfigureAwait(false)).Rules.Where(r => r.Condition == AlertConditions.Stale).ToArray();
        if (rules.Length == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var signals = new List<AlertSignal>();
        foreach (var ((entity, metric), heard) in _newest)
        {
            foreach (var rule in rules)
            {
                if (rule.MetricId == metric && now - heard.Time > TimeSpan.FromSeconds(rule.StaleSeconds))
                {
                    Transition(rule, entity, true, double.NaN, now, signals);
                }
            }
        }

        await ReportAsync(signals).ConfigureAwait(false);
    }

    private void Transition(AlertRule rule, string entity, bool holds, double value, DateTimeOffset at, List<AlertSignal> signals)
    {
        var key = (rule.Id, entity);
        var was = _active.TryGetValue(key, out var active) && active;
        if (holds != was)
        {
            _active[key] = holds;
            signals.Add(new AlertSignal(rule.Id, entity, holds, value, at));
        }
    }

    private async Task ReportAsync(List<AlertSignal> signals)
    {
        if (signals.Count == 0)
        {
            return;
        }

        var changed = await _grains.GetGrain<IAlertsGrain>(IAlertsGrain.DefaultKey).ReportAsync(signals).ConfigureAwait(false);
        Publish(changed);
    }

    /// <summary>
    /// Makes <paramref name="heard"/> the newest reading of <paramref name="key"/> unless one as new is held
    /// (then false); <paramref name="previous"/> is the one it replaced, or the one that stays. Atomic, as
    /// batches are evaluated concurrently.
    /// </summary>
    private bool TryAdvance((string Entity, string Metric) key, Heard heard, out Heard? previous)
    {
        while (true)
        {
            if (!_newest.TryGetValue(key, out var before))
            {
                if (_newest.TryAdd(key, heard))
                {
                    previous = null;
                    return true;
                }
            }
            else if (heard.Time <= before.Time)
            {
                previous = before;
                return false;
            }
            else if (_newest.TryUpdate(key, heard, before))
            {
                previous = before;
                return true;
            }
        }
    }

    private async Task<RuleSnapshot> ReadRulesAsync(RuleSnapshot current)
    {
        var alerts = _grains.GetGrain<IAlertsGrain>(IAlertsGrain.DefaultKey);
        var (version, rules) = await alerts.GetRulesAsync().ConfigureAwait(false);
        if (version != current.Version)
        {
            // Rules changed: forget what we believed was active, the grain's open alerts are the truth.
            _active.Clear();
            foreach (var alert in await alerts.GetAlertsAsync(false).ConfigureAwait(false))
            {
                _active[(alert.RuleId, alert.EntityId)] = true;
            }
        }

        return new RuleSnapshot(version, rules);
    }

    /// <summary>A reading as the rules remember it.</summary>
    /// <param name="Time">When it was measured.</param>
    /// <param name="Value">Its value.</param>
    private readonly record struct Heard(DateTimeOffset Time, double Value);

    private sealed record RuleSnapshot(long Version, IReadOnlyList<AlertRule> Rules)
    {
        // By metric index: whether a rule watches it, so readings of other metrics cost one array read.
        private readonly bool[] _watched = Watched(Rules);

        public bool Watches(int metricIndex) => metricIndex < _watched.Length && _watched[metricIndex];

        private static bool[] Watched(IReadOnlyList<AlertRule> rules)
        {
            var watched = new bool[MetricCatalog.Buildings.Count];
            foreach (var rule in rules)
            {
                if (MetricCatalog.IndexOf(rule.MetricId) is var index and >= 0)
                {
                    watched[index] = true;
                }
            }

            return watched;
        }
    }
}
