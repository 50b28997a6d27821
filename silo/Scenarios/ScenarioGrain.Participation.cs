using TwinCity.Models.Scenarios;

namespace TwinCity.Silo.Scenarios;

/// <summary>The public's anonymous comments and votes on a published scenario.</summary>
public sealed partial class ScenarioGrain
{
    /// <inheritdoc />
    public async Task<ScenarioComment> AddCommentAsync(string text)
    {
        var view = Published();
        var clean = CommentRules.Clean(text);
        var comments = participation.State.Comments;
        if (comments.Count >= CommentRules.MaxComments)
        {
            throw new InvalidOperationException($"scenario {view.Id}: has {CommentRules.MaxComments} comments, the most it keeps");
        }

        var now = time.GetUtcNow();
        var comment = new ScenarioComment($"c{participation.State.NextComment}", clean, new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero), false);
        comments.Add(comment);
        participation.State.NextComment++;
        await WriteOrRollBackAsync(() =>
        {
            comments.RemoveAt(comments.Count - 1);
            participation.State.NextComment--;
        });
        return comment;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ScenarioComment>> GetCommentsAsync(bool includeHidden)
    {
        Existing();
        return Task.FromResult<IReadOnlyList<ScenarioComment>>([.. participation.State.Comments.Where(c => includeHidden || !c.Hidden)]);
    }

    /// <inheritdoc />
    public async Task<ScenarioComment> HideCommentAsync(string commentId)
    {
        var view = Existing();
        var comments = participation.State.Comments;
        var index = comments.FindIndex(c => c.Id == commentId);
        if (index < 0)
        {
            throw new KeyNotFoundException($"scenario {view.Id}: no comment '{commentId}'");
        }

        var before = comments[index];
        comments[index] = before with { Hidden = true };
        await WriteOrRollBackAsync(() => comments[index] = before);
        return comments[index];
    }

    /// <inheritdoc />
    public async Task<VoteTotals> VoteAsync(bool support)
    {
        Published();
        var p = participation.State;
        (p.Support, p.Oppose) = support ? (p.Support + 1, p.Oppose) : (p.Support, p.Oppose + 1);
        await WriteOrRollBackAsync(() => (p.Support, p.Oppose) = support ? (p.Support - 1, p.Oppose) : (p.Support, p.Oppose - 1));
        return new VoteTotals(p.Support, p.Oppose);
    }

    /// <inheritdoc />
    public Task<VoteTotals> GetVotesAsync()
    {
        Existing();
        return Task.FromResult(new VoteTotals(participation.State.Support, participation.State.Oppose));
    }

    private ScenarioView Published()
    {
        var view = Existing();
        return view.Published is null ? throw new InvalidOperationException($"scenario {view.Id}: a draft; comments and votes open when it is published") : view;
    }

    // A failed write must not leave memory ahead of storage: undo the change, then fail.
    private async Task WriteOrRollBackAsync(Action rollBack)
    {
        try
        {
            await participation.WriteStateAsync();
        }
        catch
        {
            rollBack();
            throw;
        }
    }
}
