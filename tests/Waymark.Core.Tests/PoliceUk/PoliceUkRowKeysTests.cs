using Waymark.Core.PoliceUk;

namespace Waymark.Core.Tests.PoliceUk;

public sealed class PoliceUkRowKeysTests
{
    private static readonly string[] Asb = ["", "2021-08", "Avon and Somerset Constabulary", "Avon and Somerset Constabulary", "-2.494870", "51.422276", "On or near Conference/Exhibition Centre", "E01014399", "Bath and North East Somerset 001A", "Anti-social behaviour", "", ""];

    [Fact]
    public void IdenticalRows_AreDistinctCrimes_WithDeterministicKeys()
    {
        var first = new PoliceUkRowKeys();
        var keys = new[] { first.Next("", Asb), first.Next("", Asb) };
        var again = new PoliceUkRowKeys();
        var keysAgain = new[] { again.Next("", Asb), again.Next("", Asb) };

        Assert.NotEqual(keys[0], keys[1]);
        Assert.Equal(keys, keysAgain);
        Assert.EndsWith("#2", keys[1], StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedCrimeId_GetsAnOrdinal_AndFirstKeepsTheId()
    {
        var keys = new PoliceUkRowKeys();
        const string id = "007f843a64642c5e898e1ba374a52832c699a2ed46753bda361ced5990b93085";
        Assert.Equal(id, keys.Next(id, ["located"]));
        Assert.Equal(id + "#2", keys.Next(id, ["No Location"]));
    }

    [Fact]
    public void RowsWithoutCrimeId_DifferingInAnyField_GetDifferentKeys()
    {
        var keys = new PoliceUkRowKeys();
        var other = (string[])Asb.Clone();
        other[6] = "On or near Pulteney Bridge";
        Assert.NotEqual(keys.Next("", Asb), keys.Next("", other));
    }
}
