using Waymark.Core.Crimes;

namespace Waymark.Core.Tests.Crimes;

public sealed class TimeWindowTests
{
    [Fact]
    public void Create_EndBeforeStart_IsRefused()
    {
        var from = new DateTimeOffset(2026, 3, 3, 5, 30, 0, TimeSpan.Zero);
        var error = Assert.Throws<ArgumentException>(() => TimeWindow.Create(from, from.AddMinutes(-1)));
        Assert.Contains("before it starts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithoutEnd_IsAnInstant_InUtc()
    {
        var from = new DateTimeOffset(2026, 7, 1, 23, 0, 0, TimeSpan.FromHours(1));
        var window = TimeWindow.Create(from);
        Assert.Equal(TimeSpan.Zero, window.Length);
        Assert.Equal(TimeSpan.Zero, window.From.Offset);
        Assert.Equal(new DateTime(2026, 7, 1, 22, 0, 0), window.From.DateTime);
    }

    [Fact]
    public void ForMonth_CoversTheWholeMonth()
    {
        var august = TimeWindow.ForMonth(2021, 8);
        Assert.Equal(new DateTimeOffset(2021, 8, 1, 0, 0, 0, TimeSpan.Zero), august.From);
        Assert.Equal(new DateTimeOffset(2021, 9, 1, 0, 0, 0, TimeSpan.Zero), august.To.AddTicks(1));
    }
}
