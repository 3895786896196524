namespace Waymark.Server.Data;

/// <summary>The report of one file import: what was imported, skipped as a duplicate, rejected and why.</summary>
public sealed class ImportRun
{
    public Guid Id { get; set; }

    public required string Kind { get; set; }

    public required string FileName { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid? UserId { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime FinishedAt { get; set; }

    public int Rows { get; set; }

    public int Imported { get; set; }

    public int Duplicates { get; set; }

    public int Rejected { get; set; }

    public int Unlocated { get; set; }

    public List<RejectedRow> RejectedRows { get; set; } = [];
}

/// <summary>A row that was not imported: its line number in the file and the reason.</summary>
public sealed class RejectedRow
{
    public int Line { get; set; }

    public required string Reason { get; set; }
}
