using System.Globalization;

namespace Waymark.Core.Analytics.SpaceTime;

/// <summary>Argument checks shared by the space–time statistics; every failure names the parameter.</summary>
internal static class Guard
{
    /// <summary>Fewest events the pair-based tests accept: with two events there is one pair and nothing to permute.</summary>
    public const int MinimumEvents = 3;

    public static void Events(IReadOnlyList<SpaceTimeEvent> events, string paramName, int minimum = MinimumEvents)
    {
        ArgumentNullException.ThrowIfNull(events, paramName);
        if (events.Count < minimum)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"At least {minimum} events are needed; got {events.Count}."),
                paramName);
        }

        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!double.IsFinite(e.X) || !double.IsFinite(e.Y) || !double.IsFinite(e.T))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Event {i} has a coordinate or time that is not a finite number (X={e.X}, Y={e.Y}, T={e.T})."),
                    paramName);
            }
        }
    }

    /// <summary>
    /// The events sorted by (X, Y, T), so Monte Carlo results depend only on the set of events, never on the
    /// order they were listed in (for example by two exports of the same data).
    /// </summary>
    public static SpaceTimeEvent[] Canonical(IReadOnlyList<SpaceTimeEvent> events)
    {
        var copy = events.ToArray();
        Array.Sort(copy, static (a, b) =>
        {
            var c = a.X.CompareTo(b.X);
            if (c != 0)
            {
                return c;
            }

            c = a.Y.CompareTo(b.Y);
            return c != 0 ? c : a.T.CompareTo(b.T);
        });
        return copy;
    }

    public static void PositiveFinite(double value, string paramName, string unit)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                value,
                string.Create(CultureInfo.InvariantCulture, $"{paramName} must be a finite number greater than zero ({unit})."));
        }
    }

    public static void NonNegativeFinite(double value, string paramName, string unit)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                value,
                string.Create(CultureInfo.InvariantCulture, $"{paramName} must be a finite number, zero or more ({unit})."));
        }
    }

    public static void Finite(double value, string paramName, string unit)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                value,
                string.Create(CultureInfo.InvariantCulture, $"{paramName} must be a finite number ({unit})."));
        }
    }

    public static void AtLeast(int value, int minimum, string paramName)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                value,
                string.Create(CultureInfo.InvariantCulture, $"{paramName} must be at least {minimum}."));
        }
    }

    public static void InRange(int value, int minimum, int maximum, string paramName)
    {
        if (value < minimum || value > maximum)
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                value,
                string.Create(CultureInfo.InvariantCulture, $"{paramName} must be between {minimum} and {maximum}."));
        }
    }

    public static void Parallelism(int? value, string paramName)
    {
        if (value is { } v && v < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, v, $"{paramName} must be at least 1 when given.");
        }
    }
}
