using Microsoft.EntityFrameworkCore;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Crimes;

/// <summary>
/// An in-memory view of some crimes that follows the crimes table rather than its writers: crimes are written by EF and
/// by the bulk importers alike, and both stamp <c>crimes.updated_at</c> (indexed). Before answering, the view asks for
/// MAX(updated_at) and, when it has moved past the watermark, applies the crimes changed since
/// (<see cref="ApplyChangesAsync"/>) — a cheap catch-up that a request may wait for. The full read
/// (<see cref="BuildAsync"/>) happens in a request only the first time; after that, a view older than ten minutes is
/// rebuilt in the background while the current one keeps answering. The rebuild is what catches rows another process
/// committed late with an older timestamp, and crimes deleted from the table.
/// <para>The view is replaced whole on a rebuild and changed in place by a catch-up: a subclass guards its own reads
/// and changes (the view's lock).</para>
/// </summary>
public abstract class CrimeTableFollower<TView>(IServiceScopeFactory scopes, TimeProvider clock, ILogger log) : IDisposable
    where TView : class
{
    private static readonly TimeSpan RebuildEvery = TimeSpan.FromMinutes(10);

    // Catch-ups and the swap of a rebuilt view take turns; a rebuild reads the table outside this gate, so a catch-up
    // never waits for a full read.
    private readonly SemaphoreSlim _catchUp = new(1, 1);
    private readonly SemaphoreSlim _rebuild = new(1, 1);

    // The view with the newest updated_at it has applied and when its full read began, swapped whole so that a reader
    // never sees one without the other.
    private volatile State? _state;

    private sealed record State(TView View, DateTime? Watermark, DateTime BuiltAt);

    public void Dispose()
    {
        _catchUp.Dispose();
        _rebuild.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Reads the whole view from the table.</summary>
    protected abstract Task<TView> BuildAsync(WaymarkDb db, CancellationToken ct);

    /// <summary>
    /// Applies crimes whose updated_at is at or after <paramref name="since"/> (every crime when null) to the view. A crime
    /// may arrive again that was applied before, so applying must be idempotent (replace, not append).
    /// </summary>
    protected abstract Task ApplyChangesAsync(WaymarkDb db, TView view, DateTime? since, CancellationToken ct);

    /// <summary>The view, caught up with the crimes changed since it was last read.</summary>
    protected async Task<TView> CurrentAsync(WaymarkDb db, CancellationToken ct)
    {
        var state = _state;
        if (state is null)
        {
            return await RebuildAsync(db, ct);
        }

        if (Due(state) && _rebuild.CurrentCount > 0)
        {
            _ = Task.Run(RebuildInBackgroundAsync, CancellationToken.None);
        }

        var latest = await LatestChangeAsync(db, ct);
        if (latest is null || latest <= state.Watermark)
        {
            return state.View;
        }

        await _catchUp.WaitAsync(ct);
        try
        {
            state = _state!;
            if (state.Watermark is not { } since || latest > since)
            {
                await ApplyChangesAsync(db, state.View, state.Watermark, ct);
                _state = state with { Watermark = latest };
            }

            return state.View;
        }
        finally
        {
            _catchUp.Release();
        }
    }

    private bool Due(State state) => clock.GetUtcNow().UtcDateTime - state.BuiltAt > RebuildEvery;

    // Compiled, as it runs before every answer: EF then skips looking the expression tree up in its query cache each time.
    private static readonly Func<WaymarkDb, CancellationToken, Task<DateTime?>> LatestChange = EF.CompileAsyncQuery(
        (WaymarkDb db, CancellationToken ct) => db.Crimes.Max(c => (DateTime?)c.UpdatedAt));

    private static Task<DateTime?> LatestChangeAsync(WaymarkDb db, CancellationToken ct) => LatestChange(db, ct);

    private async Task<TView> RebuildAsync(WaymarkDb db, CancellationToken ct)
    {
        await _rebuild.WaitAsync(ct);
        try
        {
            if (_state is { } fresh && !Due(fresh))
            {
                return fresh.View;
            }

            var started = clock.GetUtcNow().UtcDateTime;
            // The watermark is taken before the read: crimes changed while it runs are applied again by the next catch-up.
            var latest = await LatestChangeAsync(db, ct);
            var view = await BuildAsync(db, ct);
            await _catchUp.WaitAsync(ct);
            try
            {
                _state = new State(view, latest, started);
            }
            finally
            {
                _catchUp.Release();
            }

            return view;
        }
        finally
        {
            _rebuild.Release();
        }
    }

    private async Task RebuildInBackgroundAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await RebuildAsync(scope.ServiceProvider.GetRequiredService<WaymarkDb>(), CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Nobody awaits this task: the current view keeps answering and catching up, and the next request past the
            // rebuild period tries again.
            log.LogError(e, "Background rebuild of {View} failed", GetType().Name);
        }
    }
}
