namespace Waymark.Core.Crimes;

/// <summary>Home Office outcome types 0–22 (Home Office Counting Rules, crime outcomes framework).</summary>
public static class OutcomeTypes
{
    public static readonly IReadOnlyDictionary<int, string> Names = new Dictionary<int, string>
    {
        [0] = "Not yet assigned an outcome",
        [1] = "Charged/summonsed",
        [2] = "Youth caution",
        [3] = "Adult caution",
        [4] = "Taken into consideration",
        [5] = "Offender died",
        [6] = "Penalty notice for disorder",
        [7] = "Cannabis/khat warning",
        [8] = "Community resolution",
        [9] = "Prosecution not in the public interest (CPS)",
        [10] = "Formal action not in the public interest (police)",
        [11] = "Prosecution prevented: suspect under age",
        [12] = "Prosecution prevented: suspect too ill",
        [13] = "Prosecution prevented: victim or key witness dead or too ill",
        [14] = "Evidential difficulties: suspect not identified, victim does not support action",
        [15] = "Evidential difficulties: suspect identified, victim supports action",
        [16] = "Evidential difficulties: suspect identified, victim does not support action",
        [17] = "Prosecution time limit expired",
        [18] = "Investigation complete: no suspect identified",
        [19] = "National Fraud Intelligence Bureau filed",
        [20] = "Further action by another body",
        [21] = "Further investigation not in the public interest",
        [22] = "Diversionary, educational or intervention activity",
    };

    public static bool IsValid(int type) => Names.ContainsKey(type);
}
