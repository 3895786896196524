namespace Waymark.Core.Analytics.SpaceTime;

/// <summary>Runs Monte Carlo replications in parallel with per-thread scratch space.</summary>
internal static class MonteCarlo
{
    /// <summary>
    /// Calls <paramref name="body"/> once for every replication index in [0, <paramref name="replications"/>).
    /// The body must write its result to a slot indexed by the replication and draw its random numbers from
    /// <see cref="SeededRandom.For"/>, so the outcome is the same on any number of threads.
    /// </summary>
    public static void Run<TScratch>(int replications, int? maxDegreeOfParallelism, Func<TScratch> createScratch, Action<int, TScratch> body)
    {
        if (replications <= 0)
        {
            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount };
        Parallel.For(
            0,
            replications,
            options,
            createScratch,
            (r, _, scratch) =>
            {
                body(r, scratch);
                return scratch;
            },
            _ => { });
    }

    /// <summary>Monte Carlo p-value (rank + 1) / (replications + 1) (Hope 1968; North, Curtis &amp; Sham 2002).</summary>
    public static double PValue(long atLeastAsExtreme, int replications) =>
        (atLeastAsExtreme + 1.0) / (replications + 1.0);
}
