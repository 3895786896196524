namespace Waymark.Core.Anpr;

/// <summary>
/// Convoy analysis: the plates that travel with a target — seen by the same camera within a short interval of the target
/// at several different cameras. One camera in common is coincidence on a busy road; the same companion at three or more
/// cameras is a vehicle travelling with the target.
/// </summary>
public static class ConvoyAnalysis
{
    /// <summary>One time a companion was seen near the target: at which camera, and both instants.</summary>
    public readonly record struct Pairing(int CameraId, long TargetAtMs, long CompanionAtMs);

    /// <summary>A companion plate: how many distinct cameras and pairings, and the pairings themselves in time order.</summary>
    public sealed record Companion(string Plate, int Cameras, int Pairings, IReadOnlyList<Pairing> Evidence);

    /// <param name="target">The target plate's sightings.</param>
    /// <param name="nearby">Sightings at the target's cameras around its times (any plates; the target's own are ignored).</param>
    /// <param name="windowMs">Largest gap, either way, between target and companion at a camera.</param>
    /// <param name="minCameras">Fewest distinct cameras a companion must share with the target.</param>
    public static IReadOnlyList<Companion> Find(IReadOnlyList<Sighting> target, IReadOnlyList<Sighting> nearby, long windowMs, int minCameras)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(windowMs);
        ArgumentOutOfRangeException.ThrowIfLessThan(minCameras, 1);
        if (target.Count == 0)
        {
            return [];
        }

        var targetPlate = target[0].Plate;
        var byCamera = nearby.Where(s => s.Plate != targetPlate).GroupBy(s => s.CameraId)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.AtMs).ToArray());
        var found = new Dictionary<string, List<Pairing>>(StringComparer.Ordinal);
        foreach (var t in target)
        {
            if (!byCamera.TryGetValue(t.CameraId, out var reads))
            {
                continue;
            }

            // First read at or after t - window (binary search), then walk while within t + window.
            int lo = 0, hi = reads.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (reads[mid].AtMs < t.AtMs - windowMs)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            for (var i = lo; i < reads.Length && reads[i].AtMs <= t.AtMs + windowMs; i++)
            {
                if (!found.TryGetValue(reads[i].Plate, out var list))
                {
                    found[reads[i].Plate] = list = [];
                }

                list.Add(new Pairing(t.CameraId, t.AtMs, reads[i].AtMs));
            }
        }

        return found
            .Select(kv => new Companion(kv.Key, kv.Value.Select(p => p.CameraId).Distinct().Count(), kv.Value.Count,
                kv.Value.OrderBy(p => p.TargetAtMs).ThenBy(p => p.CompanionAtMs).ToList()))
            .Where(c => c.Cameras >= minCameras)
            .OrderByDescending(c => c.Cameras).ThenByDescending(c => c.Pairings).ThenBy(c => c.Plate, StringComparer.Ordinal)
            .ToList();
    }
}
