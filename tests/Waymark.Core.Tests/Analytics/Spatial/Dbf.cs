using System.Globalization;
using System.Text;

namespace Waymark.Core.Tests.Analytics.Spatial;

/// <summary>
/// A minimal dBase III (.dbf) table reader, enough for the attribute tables shipped with the
/// PySAL example data sets (sids2.dbf): fixed-width ASCII records, numeric ('N'/'F') fields
/// right-justified, character ('C') fields space-padded.
/// </summary>
/// <remarks>
/// Layout: byte 4 record count (int32 LE), byte 8 header length (int16 LE), byte 10 record
/// length (int16 LE); 32-byte field descriptors from byte 32 until a 0x0D terminator, each with
/// the name in bytes 0–10 (NUL-padded), the type at 11 and the length at 16. Records start at
/// the header length and begin with a deletion flag ('*' = deleted, skipped here).
/// </remarks>
internal sealed class Dbf
{
    private readonly List<(string Name, char Type, int Offset, int Length)> _fields;
    private readonly List<string> _records;

    private Dbf(List<(string, char, int, int)> fields, List<string> records)
    {
        _fields = fields;
        _records = records;
    }

    public int RecordCount => _records.Count;

    public IEnumerable<string> FieldNames => _fields.Select(f => f.Name);

    public static Dbf Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int recordCount = BitConverter.ToInt32(bytes, 4);
        int headerLength = BitConverter.ToInt16(bytes, 8);
        int recordLength = BitConverter.ToInt16(bytes, 10);

        var fields = new List<(string, char, int, int)>();
        int offsetInRecord = 1; // after the deletion flag
        for (int at = 32; bytes[at] != 0x0D; at += 32)
        {
            string name = Encoding.ASCII.GetString(bytes, at, 11).TrimEnd('\0', ' ');
            char type = (char)bytes[at + 11];
            int length = bytes[at + 16];
            fields.Add((name, type, offsetInRecord, length));
            offsetInRecord += length;
        }

        var records = new List<string>(recordCount);
        for (int r = 0; r < recordCount; r++)
        {
            int start = headerLength + r * recordLength;
            if (bytes[start] == (byte)'*')
            {
                continue;
            }

            records.Add(Encoding.Latin1.GetString(bytes, start, recordLength));
        }

        return new Dbf(fields, records);
    }

    public string[] Strings(string field)
    {
        (string _, char _, int offset, int length) = Field(field);
        return [.. _records.Select(record => record.Substring(offset, length).Trim())];
    }

    public double[] Numbers(string field)
    {
        (string _, char type, int _, int _) = Field(field);
        if (type is not ('N' or 'F'))
        {
            throw new InvalidOperationException($"Field {field} has type '{type}', not numeric.");
        }

        return [.. Strings(field).Select(text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture))];
    }

    private (string Name, char Type, int Offset, int Length) Field(string name) =>
        _fields.Single(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}
