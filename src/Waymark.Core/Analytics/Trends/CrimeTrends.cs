using Waymark.Core.Crimes;

namespace Waymark.Core.Analytics.Trends;

/// <summary>
/// Trend analyses of recorded crime: monthly counts by category, year to date against last year with
/// significance tests, outcome rates with a completeness lag, and aoristic hour × day profiles.
/// </summary>
/// <remarks>
/// Time. Crimes carry a window of UTC instants. A crime's month (and its period for year-to-date) is that of
/// the <b>midpoint</b> of its window in local time — the single best guess at when it happened, which keeps a
/// crime discovered on the 1st but committed overnight in the month it most likely occurred; police.uk-style
/// whole-month windows stay in their month. Local time is <see cref="UkTime.London"/> unless a zone is given.
/// </remarks>
public static class CrimeTrends
{
    /// <summary>The category label of rows that cover all categories.</summary>
    public const string AllCategories = "all";

    /// <summary>Number of Home Office outcome types, 0–22.</summary>
    public const int OutcomeTypeCount = 23;

    /// <summary>Windows longer than this are spread evenly over the whole week by <see cref="AoristicWeek(IEnumerable{TrendCrime}, AoristicMethod, TimeZoneInfo?)"/>.</summary>
    public static readonly TimeSpan AoristicWholeWeek = TimeSpan.FromDays(7);

    /// <summary>Counts crimes per local month and category (month of the window's midpoint).</summary>
    /// <param name="crimes">The crimes.</param>
    /// <param name="firstMonth">First month of the table; default the earliest month with a crime.</param>
    /// <param name="lastMonth">Last month of the table; default the latest month with a crime.</param>
    /// <param name="rollUpToPoliceUk">Count finer categories under their police.uk category.</param>
    /// <param name="timeZone">Local time zone; default UK time.</param>
    /// <returns>The table; empty when there are no crimes and no range.</returns>
    /// <exception cref="ArgumentException">A crime without a category or with a window that ends before it starts, or lastMonth before firstMonth.</exception>
    public static MonthlyCountTable MonthlyCounts(
        IEnumerable<TrendCrime> crimes,
        YearMonth? firstMonth = null,
        YearMonth? lastMonth = null,
        bool rollUpToPoliceUk = false,
        TimeZoneInfo? timeZone = null)
    {
        ArgumentNullException.ThrowIfNull(crimes);
        if (firstMonth is { } f && lastMonth is { } l && l < f)
        {
            throw new ArgumentException(FormattableString.Invariant($"lastMonth ({l}) is before firstMonth ({f})."), nameof(lastMonth));
        }

        TimeZoneInfo zone = timeZone ?? UkTime.London;
        var counts = new Dictionary<(string Category, YearMonth Month), int>();
        YearMonth? minSeen = null, maxSeen = null;
        int index = 0;
        foreach (TrendCrime crime in crimes)
        {
            CheckCrime(crime.Category, crime.OccurredFrom, crime.OccurredTo, index++, nameof(crimes));
            YearMonth month = YearMonth.Of(Midpoint(crime.OccurredFrom, crime.OccurredTo), zone);
            var key = (CategoryKey(crime.Category, rollUpToPoliceUk), month);
            counts[key] = counts.GetValueOrDefault(key) + 1;
            minSeen = minSeen is { } a && a <= month ? a : month;
            maxSeen = maxSeen is { } b && b >= month ? b : month;
        }

        YearMonth? first = firstMonth ?? minSeen;
        YearMonth? last = lastMonth ?? maxSeen;
        if (first is null || last is null)
        {
            return new MonthlyCountTable([], [], [], 0);
        }

        YearMonth start = first.Value;
        int monthCount = YearMonth.CountInclusive(start, last.Value);
        var months = Enumerable.Range(0, monthCount).Select(start.AddMonths).ToArray();
        var series = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        var totals = new int[monthCount];
        int outside = 0;
        foreach (KeyValuePair<(string Category, YearMonth Month), int> pair in counts)
        {
            int m = pair.Key.Month.Ordinal - start.Ordinal;
            if (m < 0 || m >= monthCount)
            {
                outside += pair.Value;
                continue;
            }

            if (!series.TryGetValue(pair.Key.Category, out int[]? row))
            {
                row = new int[monthCount];
                series.Add(pair.Key.Category, row);
            }

            row[m] += pair.Value;
            totals[m] += pair.Value;
        }

        CategoryMonthlySeries[] categories = [.. series.Select(s => new CategoryMonthlySeries(s.Key, s.Value, s.Value.Sum()))];
        return new MonthlyCountTable(months, categories, totals, outside);
    }

    /// <summary>
    /// Year to date against the same period last year, in total and by category: [start of year, asOf) against
    /// [start of last year, asOf − 1 year), by the local midpoint of each crime's window.
    /// </summary>
    /// <param name="crimes">The crimes.</param>
    /// <param name="asOf">End of the current period (exclusive); pass the start of tomorrow to include today.</param>
    /// <param name="yearStartMonth">First month of the year: 1 for calendar years, 4 for financial years (April).</param>
    /// <param name="alpha">Significance level of the exact test, in (0, 1).</param>
    /// <param name="rollUpToPoliceUk">Compare police.uk categories rather than finer ones.</param>
    /// <param name="timeZone">Local time zone; default UK time.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentException">A bad crime, year-start month or alpha.</exception>
    public static YearToDateComparison YearToDate(
        IEnumerable<TrendCrime> crimes,
        DateTimeOffset asOf,
        int yearStartMonth = 1,
        double alpha = 0.05,
        bool rollUpToPoliceUk = false,
        TimeZoneInfo? timeZone = null)
    {
        ArgumentNullException.ThrowIfNull(crimes);
        if (yearStartMonth is < 1 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(yearStartMonth), yearStartMonth, "yearStartMonth must be 1–12 (1 = calendar year, 4 = financial year).");
        }

        CheckAlpha(alpha, nameof(alpha));
        TimeZoneInfo zone = timeZone ?? UkTime.London;
        DateTime localAsOf = UkTime.ToLocal(asOf, zone);
        int startYear = localAsOf.Month >= yearStartMonth ? localAsOf.Year : localAsOf.Year - 1;
        var localStart = new DateTime(startYear, yearStartMonth, 1, 0, 0, 0, DateTimeKind.Unspecified);
        DateTimeOffset currentStart = UkTime.ToInstant(localStart, zone);
        DateTimeOffset currentEnd = asOf.ToUniversalTime();
        DateTimeOffset previousStart = UkTime.ToInstant(localStart.AddYears(-1), zone);
        DateTimeOffset previousEnd = UkTime.ToInstant(localAsOf.AddYears(-1), zone);

        var current = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var previous = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int index = 0;
        foreach (TrendCrime crime in crimes)
        {
            CheckCrime(crime.Category, crime.OccurredFrom, crime.OccurredTo, index++, nameof(crimes));
            DateTimeOffset mid = Midpoint(crime.OccurredFrom, crime.OccurredTo);
            string category = CategoryKey(crime.Category, rollUpToPoliceUk);
            if (mid >= currentStart && mid < currentEnd)
            {
                current[category] = current.GetValueOrDefault(category) + 1;
            }
            else if (mid >= previousStart && mid < previousEnd)
            {
                previous[category] = previous.GetValueOrDefault(category) + 1;
            }
        }

        CategoryComparison[] categories =
        [
            .. current.Keys.Union(previous.Keys).Order(StringComparer.Ordinal)
                .Select(c => new CategoryComparison(c, CompareCounts(current.GetValueOrDefault(c), previous.GetValueOrDefault(c), alpha))),
        ];
        CountComparison total = CompareCounts(current.Values.Sum(), previous.Values.Sum(), alpha);
        return new YearToDateComparison(currentStart, currentEnd, previousStart, previousEnd, total, categories);
    }

    /// <summary>
    /// Compares two counts from periods of equal length: per cent change, the normal-approximation z and the
    /// exact conditional binomial test, which decides significance (see <see cref="CountComparison"/>).
    /// </summary>
    /// <param name="current">This period's count, ≥ 0.</param>
    /// <param name="previous">The comparison period's count, ≥ 0.</param>
    /// <param name="alpha">Significance level, in (0, 1).</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentException">A negative count or a bad alpha.</exception>
    public static CountComparison CompareCounts(int current, int previous, double alpha = 0.05)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(current);
        ArgumentOutOfRangeException.ThrowIfNegative(previous);
        CheckAlpha(alpha, nameof(alpha));
        long sum = (long)current + previous;
        if (sum > int.MaxValue)
        {
            throw new ArgumentException("current + previous is too large.", nameof(current));
        }

        int difference = current - previous;
        double? percent = previous == 0 ? null : 100.0 * difference / previous;
        double z = sum == 0 ? 0 : difference / Math.Sqrt(sum);
        double normalP = TrendStatistics.NormalTwoSided(z);
        double exactP = TrendStatistics.ConditionalBinomialTwoSided(current, previous);
        return new CountComparison(current, previous, difference, percent, z, normalP, exactP, exactP < alpha, alpha);
    }

    /// <summary>
    /// Outcome rates of the offences in each month of a period (by the local midpoint of their window), by
    /// category, with months younger than <paramref name="lagMonths"/> flagged as not yet complete.
    /// </summary>
    /// <remarks>
    /// Outcomes take months to arrive (investigations, charging decisions, court), so a recent month's outcome
    /// rate understates its final one; police.uk likewise keeps updating outcomes of past months. A month is
    /// "not yet complete" when its end is later than <paramref name="asOf"/> minus <paramref name="lagMonths"/>
    /// months, i.e. fewer than the lag's months have passed since it ended.
    /// </remarks>
    /// <param name="crimes">The crimes and their latest outcome types.</param>
    /// <param name="firstMonth">First month of the period.</param>
    /// <param name="lastMonth">Last month of the period.</param>
    /// <param name="asOf">When the outcomes were read.</param>
    /// <param name="lagMonths">Completeness lag, months, 0–60; default 3.</param>
    /// <param name="rollUpToPoliceUk">Report police.uk categories rather than finer ones.</param>
    /// <param name="timeZone">Local time zone; default UK time.</param>
    /// <returns>The rates.</returns>
    /// <exception cref="ArgumentException">A bad crime, outcome type (not 0–22), lag or month range.</exception>
    public static OutcomeRateTable OutcomeRates(
        IEnumerable<OutcomeCrime> crimes,
        YearMonth firstMonth,
        YearMonth lastMonth,
        DateTimeOffset asOf,
        int lagMonths = 3,
        bool rollUpToPoliceUk = false,
        TimeZoneInfo? timeZone = null)
    {
        ArgumentNullException.ThrowIfNull(crimes);
        if (lastMonth < firstMonth)
        {
            throw new ArgumentException(FormattableString.Invariant($"lastMonth ({lastMonth}) is before firstMonth ({firstMonth})."), nameof(lastMonth));
        }

        if (lagMonths is < 0 or > 60)
        {
            throw new ArgumentOutOfRangeException(nameof(lagMonths), lagMonths, "lagMonths must be 0–60.");
        }

        TimeZoneInfo zone = timeZone ?? UkTime.London;
        int monthCount = YearMonth.CountInclusive(firstMonth, lastMonth);
        var byCategory = new SortedDictionary<string, OutcomeTally[]>(StringComparer.Ordinal);
        int index = 0;
        foreach (OutcomeCrime crime in crimes)
        {
            CheckCrime(crime.Category, crime.OccurredFrom, crime.OccurredTo, index, nameof(crimes));
            if (crime.OutcomeType is { } type && !OutcomeTypes.IsValid(type))
            {
                throw new ArgumentException(FormattableString.Invariant($"crimes[{index}] has outcome type {type}; Home Office outcome types are 0–22."), nameof(crimes));
            }

            index++;
            YearMonth month = YearMonth.Of(Midpoint(crime.OccurredFrom, crime.OccurredTo), zone);
            int m = month.Ordinal - firstMonth.Ordinal;
            if (m < 0 || m >= monthCount)
            {
                continue;
            }

            string category = CategoryKey(crime.Category, rollUpToPoliceUk);
            if (!byCategory.TryGetValue(category, out OutcomeTally[]? tallies))
            {
                tallies = [.. Enumerable.Range(0, monthCount).Select(_ => new OutcomeTally())];
                byCategory.Add(category, tallies);
            }

            tallies[m].Add(crime.OutcomeType);
        }

        // A month is complete once lagMonths whole months have passed since it ended.
        DateTimeOffset completeBefore = UkTime.ToInstant(UkTime.ToLocal(asOf, zone).AddMonths(-lagMonths), zone);
        var incomplete = new bool[monthCount];
        for (int m = 0; m < monthCount; m++)
        {
            incomplete[m] = firstMonth.AddMonths(m).End(zone) > completeBefore;
        }

        var monthly = new List<OutcomeRateRow>();
        var categoryTotals = new List<OutcomeRateRow>();
        OutcomeTally[] monthTallies = [.. Enumerable.Range(0, monthCount).Select(_ => new OutcomeTally())];
        var grand = new OutcomeTally();
        foreach (KeyValuePair<string, OutcomeTally[]> pair in byCategory)
        {
            var categoryTally = new OutcomeTally();
            for (int m = 0; m < monthCount; m++)
            {
                OutcomeTally tally = pair.Value[m];
                monthly.Add(tally.ToRow(pair.Key, firstMonth.AddMonths(m), incomplete[m], lagMonths));
                categoryTally.Merge(tally);
                monthTallies[m].Merge(tally);
            }

            categoryTotals.Add(categoryTally.ToRow(pair.Key, null, incomplete.Any(x => x), lagMonths));
            grand.Merge(categoryTally);
        }

        OutcomeRateRow[] monthTotals = [.. monthTallies.Select((t, m) => t.ToRow(AllCategories, firstMonth.AddMonths(m), incomplete[m], lagMonths))];
        OutcomeRateRow total = grand.ToRow(AllCategories, null, incomplete.Any(x => x), lagMonths);
        return new OutcomeRateTable(firstMonth, lastMonth, asOf, lagMonths, monthly, monthTotals, categoryTotals, total);
    }

    /// <summary>
    /// Aoristic hour-of-day × day-of-week profile (Ratcliffe 2002, "Aoristic signatures and the spatio-temporal
    /// analysis of high volume crime patterns", J. Quant. Criminol. 18(1):23–43; Ratcliffe &amp; McCullagh 1998):
    /// each crime's weight of 1 is spread over the local hour blocks its window overlaps.
    /// </summary>
    /// <remarks>
    /// The window is half-open, [from, to): a crime from 22:00 to 02:00 overlaps the four blocks 22, 23, 00 and 01
    /// and gives each 0.25 (<see cref="AoristicMethod.EqualPerHour"/>); a crime with from = to gives its whole
    /// weight to the block containing that instant. Windows longer than 7 days say nothing about the time of
    /// week, so they are spread evenly, 1/168 to every cell. Blocks are local clock hours: when the clocks go
    /// back, the repeated hour is two blocks that both count towards that hour's cell.
    /// </remarks>
    /// <param name="crimes">The crimes (their categories are ignored; filter beforehand).</param>
    /// <param name="method">How to spread each crime's weight.</param>
    /// <param name="timeZone">Local time zone; default UK time.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentException">A window that ends before it starts.</exception>
    public static AoristicProfile AoristicWeek(IEnumerable<TrendCrime> crimes, AoristicMethod method = AoristicMethod.EqualPerHour, TimeZoneInfo? timeZone = null)
    {
        ArgumentNullException.ThrowIfNull(crimes);
        return AoristicWeek(crimes.Select(c => (c.OccurredFrom, c.OccurredTo)), method, timeZone, nameof(crimes));
    }

    /// <summary>Aoristic profile of time windows; see the overload taking <see cref="TrendCrime"/>s.</summary>
    /// <param name="windows">The windows.</param>
    /// <param name="method">How to spread each crime's weight.</param>
    /// <param name="timeZone">Local time zone; default UK time.</param>
    /// <returns>The profile.</returns>
    public static AoristicProfile AoristicWeek(IEnumerable<TimeWindow> windows, AoristicMethod method = AoristicMethod.EqualPerHour, TimeZoneInfo? timeZone = null)
    {
        ArgumentNullException.ThrowIfNull(windows);
        return AoristicWeek(windows.Select(w => (w.From, w.To)), method, timeZone, nameof(windows));
    }

    private static AoristicProfile AoristicWeek(IEnumerable<(DateTimeOffset From, DateTimeOffset To)> windows, AoristicMethod method, TimeZoneInfo? timeZone, string paramName)
    {
        if (!Enum.IsDefined(method))
        {
            throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown aoristic method.");
        }

        TimeZoneInfo zone = timeZone ?? UkTime.London;
        var weights = new double[AoristicProfile.CellCount];
        Span<int> cells = stackalloc int[(7 * 24) + 2];
        Span<double> shares = stackalloc double[(7 * 24) + 2];
        int count = 0, wholeWeek = 0;
        foreach ((DateTimeOffset from, DateTimeOffset to) in windows)
        {
            if (to < from)
            {
                throw new ArgumentException(FormattableString.Invariant($"{paramName}[{count}] ends ({to:O}) before it starts ({from:O})."), paramName);
            }

            count++;
            if (to - from > AoristicWholeWeek)
            {
                wholeWeek++;
                for (int i = 0; i < weights.Length; i++)
                {
                    weights[i] += 1.0 / AoristicProfile.CellCount;
                }

                continue;
            }

            int blocks = HourBlocks(from, to, zone, cells, shares);
            for (int i = 0; i < blocks; i++)
            {
                weights[cells[i]] += method == AoristicMethod.EqualPerHour || to == from ? 1.0 / blocks : shares[i];
            }
        }

        return new AoristicProfile(weights, count, wholeWeek, method, zone.Id);
    }

    /// <summary>
    /// Fills the cells of the local hour blocks that [from, to) overlaps, with the fraction of the window in
    /// each, and returns how many; an instantaneous window gives the one block containing it.
    /// </summary>
    private static int HourBlocks(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, Span<int> cells, Span<double> shares)
    {
        long start = from.UtcTicks;
        long end = to.UtcTicks;
        double length = end - start;
        long current = start;
        int k = 0;
        do
        {
            // The block holding `current` ends at the next local o'clock; offsets are read at `current`, so
            // zones with half-hour offsets get local hours too.
            var instant = new DateTimeOffset(current, TimeSpan.Zero);
            TimeSpan offset = zone.GetUtcOffset(instant);
            DateTime local = new DateTime(current, DateTimeKind.Unspecified) + offset;
            long localBlockEnd = ((local.Ticks / TimeSpan.TicksPerHour) + 1) * TimeSpan.TicksPerHour;
            long blockEnd = localBlockEnd - offset.Ticks;
            cells[k] = AoristicProfile.CellIndex(local.DayOfWeek, local.Hour);
            shares[k] = length > 0 ? (Math.Min(blockEnd, end) - current) / length : 1;
            k++;
            current = blockEnd;
        }
        while (current < end && k < cells.Length);

        return k;
    }

    private static DateTimeOffset Midpoint(DateTimeOffset from, DateTimeOffset to) =>
        new(from.UtcTicks + ((to.UtcTicks - from.UtcTicks) / 2), TimeSpan.Zero);

    private static string CategoryKey(string category, bool rollUp) =>
        rollUp && CrimeCategories.TryGet(category, out CrimeCategory known) ? known.PoliceUkSlug : category;

    private static void CheckCrime(string? category, DateTimeOffset from, DateTimeOffset to, int index, string paramName)
    {
        if (string.IsNullOrWhiteSpace(category))
        {
            throw new ArgumentException(FormattableString.Invariant($"{paramName}[{index}] has no category."), paramName);
        }

        if (to < from)
        {
            throw new ArgumentException(FormattableString.Invariant($"{paramName}[{index}] ends ({to:O}) before it starts ({from:O})."), paramName);
        }
    }

    private static void CheckAlpha(double alpha, string paramName)
    {
        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(paramName, alpha, "alpha must be between 0 and 1, e.g. 0.05.");
        }
    }

    /// <summary>Counts of outcome types in a group of offences.</summary>
    private sealed class OutcomeTally
    {
        private readonly int[] _byType = new int[OutcomeTypeCount];
        private int _offences;
        private int _none;

        public void Add(int? outcomeType)
        {
            _offences++;
            if (outcomeType is { } t)
            {
                _byType[t]++;
            }
            else
            {
                _none++;
            }
        }

        public void Merge(OutcomeTally other)
        {
            _offences += other._offences;
            _none += other._none;
            for (int i = 0; i < OutcomeTypeCount; i++)
            {
                _byType[i] += other._byType[i];
            }
        }

        public OutcomeRateRow ToRow(string category, YearMonth? month, bool incomplete, int lagMonths)
        {
            int any = _offences - _none - _byType[0];
            double Share(int n) => _offences == 0 ? 0 : (double)n / _offences;
            string? note = !incomplete
                ? null
                : month is { } m
                    ? FormattableString.Invariant($"Outcomes for {m} are not yet complete: fewer than {lagMonths} months have passed since the month ended, so many investigations are still open.")
                    : FormattableString.Invariant($"Includes months whose outcomes are not yet complete (fewer than {lagMonths} months since they ended).");
            return new OutcomeRateRow(
                category, month, _offences, any, Share(any), [.. _byType], [.. _byType.Select(Share)], _none, incomplete, note);
        }
    }
}
