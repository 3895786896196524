namespace Waymark.Core.Anpr;

/// <summary>
/// The registration-mark formats of the United Kingdom (DVLA leaflet INF104 "Vehicle registration numbers and number
/// plates"; the Road Vehicles (Registration and Licensing) Regulations 2002, Schedule 2), and foreign plates kept as read.
/// The numeric values are stored with each read: do not renumber.
/// </summary>
public enum PlateFormat
{
    /// <summary>Since September 2001: two letters (memory tag), two digits (age identifier), three letters — <c>AB12 CDE</c>.</summary>
    Current = 1,

    /// <summary>1983–2001: an age letter, one to three digits, three letters — <c>A123 BCD</c>.</summary>
    Prefix = 2,

    /// <summary>1963–1983: three letters, one to three digits, an age letter — <c>ABC 123D</c>.</summary>
    Suffix = 3,

    /// <summary>Great Britain before 1963 (and cherished marks since): letters then digits or digits then letters, no age identifier — <c>ABC 123</c>, <c>1234 AB</c>.</summary>
    Dateless = 4,

    /// <summary>Northern Ireland: up to three letters ending in a county code holding I or Z, then up to four digits — <c>ABZ 1234</c>.</summary>
    NorthernIreland = 5,

    /// <summary>Not a UK format (or declared foreign by the camera): stored exactly as read, upper-cased, without spaces.</summary>
    Foreign = 6,
}
