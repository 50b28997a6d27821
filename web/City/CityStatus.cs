namespace TwinCity.Web.City;

/// <summary>Whether the city is being loaded, is live, or failed to load (and why), for the API and the viewer.</summary>
public sealed class CityStatus
{
    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile State _state = new(CityPhase.Loading, "Loading city…", null);

    /// <summary>Completes when the first load ends, live or failed (tests and tools await it instead of polling).</summary>
    public Task WhenSettled => _settled.Task;

    /// <summary>The current phase.</summary>
    public CityPhase Phase => _state.Phase;

    /// <summary>A sentence for people: what is happening or what went wrong and how to fix it.</summary>
    public string Message => _state.Message;

    /// <summary>Blob prefix of the live city's tiles, once loaded.</summary>
    public string? ContentPrefix => _state.ContentPrefix;

    /// <summary>Marks the city live, its tiles under <paramref name="contentPrefix"/>.</summary>
    public void SetReady(string contentPrefix, string message)
    {
        _state = new(CityPhase.Ready, message, contentPrefix);
        _settled.TrySetResult();
    }

    /// <summary>Marks the load failed, keeping any city that was live before.</summary>
    public void SetFailed(string message)
    {
        _state = _state with { Phase = _state.ContentPrefix is null ? CityPhase.Failed : CityPhase.Ready, Message = message };
        _settled.TrySetResult();
    }

    private sealed record State(CityPhase Phase, string Message, string? ContentPrefix);
}

/// <summary>The phases of <see cref="CityStatus"/>.</summary>
public enum CityPhase
{
    /// <summary>The first city is being imported.</summary>
    Loading,

    /// <summary>A city is live.</summary>
    Ready,

    /// <summary>No city could be loaded.</summary>
    Failed,
}
