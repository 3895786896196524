namespace Waymark.Core.Anpr;

/// <summary>
/// Ranks the vehicles seen near a set of crimes by how many of the crimes they were near: the van seen near four of five
/// cable thefts outranks the hundreds of cars seen near one.
/// </summary>
public static class NearCrimesRanking
{
    /// <summary>A plate, the crimes it was seen near (by the caller's keys) and how many reads put it there.</summary>
    public sealed record Vehicle(string Plate, IReadOnlyList<string> Crimes, int Reads);

    /// <param name="perCrime">For each crime (its key), the reads near it in its window.</param>
    /// <param name="minCrimes">Fewest crimes a vehicle must be near to be listed.</param>
    public static IReadOnlyList<Vehicle> Rank(IEnumerable<(string Crime, IEnumerable<Sighting> Reads)> perCrime, int minCrimes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minCrimes, 1);
        var crimes = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var reads = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (crime, sightings) in perCrime)
        {
            foreach (var s in sightings)
            {
                if (!crimes.TryGetValue(s.Plate, out var set))
                {
                    crimes[s.Plate] = set = new SortedSet<string>(StringComparer.Ordinal);
                }

                set.Add(crime);
                reads[s.Plate] = reads.GetValueOrDefault(s.Plate) + 1;
            }
        }

        return crimes.Where(kv => kv.Value.Count >= minCrimes)
            .Select(kv => new Vehicle(kv.Key, kv.Value.ToList(), reads[kv.Key]))
            .OrderByDescending(v => v.Crimes.Count).ThenByDescending(v => v.Reads).ThenBy(v => v.Plate, StringComparer.Ordinal)
            .ToList();
    }
}
