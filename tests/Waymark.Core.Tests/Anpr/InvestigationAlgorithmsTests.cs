using Waymark.Core.Anpr;

namespace Waymark.Core.Tests.Anpr;

public sealed class InvestigationAlgorithmsTests
{
    private const long Minute = 60_000;

    [Fact]
    public void GreatCircle_OneDegreeOfLatitude_IsTheMeanRadiusTimesPiOver180()
    {
        // 6,371,008.8 m × π / 180 = 111,195.08 m (hand-computed).
        Assert.Equal(111_195.08, GreatCircle.Metres(53, -1, 54, -1), 0.01);
        // One degree of longitude at 60° N is half that: cos 60° = 0.5 (haversine on the sphere: 55,597.4 m).
        Assert.Equal(55_597.4, GreatCircle.Metres(60, 0, 60, 1), 1.0);
    }

    [Fact]
    public void Convoy_CompanionAtThreeCameras_IsFound_ButCoincidenceAtOneIsNot()
    {
        Sighting[] target = [new("T1", 0, 1), new("T1", 10 * Minute, 2), new("T1", 20 * Minute, 3), new("T1", 30 * Minute, 4)];
        Sighting[] nearby =
        [
            new("VAN", 30_000, 1), new("VAN", 10 * Minute + 45_000, 2), new("VAN", (20 * Minute) - 60_000, 3),  // three cameras, within 60 s
            new("CAR", 20_000, 1),                                                                           // one camera only
            new("LATE", (10 * Minute) + (3 * Minute), 2), new("LATE", 20 * Minute, 3), new("LATE", 30 * Minute, 4), // 3 min late at camera 2
            new("T1", 0, 1),                                                                                  // the target itself
        ];

        var found = ConvoyAnalysis.Find(target, nearby, windowMs: 2 * Minute, minCameras: 3);

        var van = Assert.Single(found);
        Assert.Equal("VAN", van.Plate);
        Assert.Equal(3, van.Cameras);
        Assert.Equal([1, 2, 3], van.Evidence.Select(e => e.CameraId));
        // With a 3-minute window LATE is with the target at cameras 2, 3 and 4 as well.
        var wider = ConvoyAnalysis.Find(target, nearby, 3 * Minute, 3);
        Assert.Equal(["LATE", "VAN"], wider.Select(c => c.Plate).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void NearCrimes_VehicleNearMostCrimes_RanksFirst()
    {
        var ranked = NearCrimesRanking.Rank(
        [
            ("C1", [new Sighting("VAN", 0, 1), new Sighting("A", 0, 1), new Sighting("B", 0, 1)]),
            ("C2", [new Sighting("VAN", 0, 2), new Sighting("VAN", 5, 2), new Sighting("A", 0, 2)]),
            ("C3", [new Sighting("VAN", 0, 3), new Sighting("C", 0, 3)]),
        ], minCrimes: 2);

        Assert.Equal(["VAN", "A"], ranked.Select(v => v.Plate));
        Assert.Equal(["C1", "C2", "C3"], ranked[0].Crimes);
        Assert.Equal(4, ranked[0].Reads);
        Assert.Equal(2, ranked[1].Crimes.Count);
    }
}
