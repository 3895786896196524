namespace Waymark.Core.Crimes;

/// <summary>Who may see a record. The rules that apply it live in one place: the server's <c>SharingRules</c>.</summary>
public enum Visibility
{
    /// <summary>The owning organisation only.</summary>
    Organisation = 0,

    /// <summary>Every organisation in the partnership, without personal data.</summary>
    Partnership = 1,

    /// <summary>Police organisations (and the owner who reported it).</summary>
    LawEnforcement = 2,
}
