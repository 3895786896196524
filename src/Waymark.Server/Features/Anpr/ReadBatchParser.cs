using System.Globalization;
using System.Text;
using System.Text.Json;
using Waymark.Core.Anpr;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.Anpr;

/// <summary>One read of a batch that was not stored, and why: <see cref="Index"/> is its 0-based position in the request.</summary>
public sealed record ReadRejection(int Index, int? Line, string Field, string Reason, string? Camera, string? Plate);

/// <summary>Why a batch could not be read at all (the body is not JSON, or not an array): nothing of it is stored.</summary>
public sealed class ReadBatchFormatException(string message, int? line) : Exception(message)
{
    public int? Line { get; } = line;
}

/// <summary>
/// Turns a request body — a JSON array of reads, NDJSON (one read per line) or CSV with a header — into the reads to store
/// and the reads refused, checking each against the cameras, the sending key, the clock and the retention period, and
/// matching each against the live hotlists as it goes. JSON is read with <see cref="Utf8JsonReader"/> and CSV on spans:
/// camera codes and plates are looked up and normalised in stack buffers, so an accepted read allocates nothing of its own
/// unless it carries an image reference.
/// </summary>
public sealed class ReadBatchParser
{
    public const string JsonType = "application/json";
    public const string NdjsonType = "application/x-ndjson";
    public const string CsvType = "text/csv";

    private readonly CameraDirectory _cameras;
    private readonly HotlistMatcher _hotlists;
    private readonly Caller _caller;
    private readonly Guid? _keyId;
    private readonly bool _keyIsBound;
    private readonly long _minMs;
    private readonly long _maxMs;
    private readonly int _maxReads;
    private readonly int _retentionDays;

    public ReadBatchParser(CameraDirectory cameras, HotlistMatcher hotlists, Caller caller, Guid? keyId, DateTime now, AnprOptions options)
    {
        _cameras = cameras;
        _hotlists = hotlists;
        _caller = caller;
        _keyId = keyId;
        _keyIsBound = keyId is { } k && cameras.IsBound(k);
        _minMs = AnprReadStore.ToMs(now.AddDays(-options.RetentionDays));
        _maxMs = AnprReadStore.ToMs(now.AddSeconds(options.MaxFutureSeconds));
        _maxReads = options.MaxBatchReads;
        _retentionDays = options.RetentionDays;
        Batch = new ReadBatch(1024);
    }

    public ReadBatch Batch { get; }

    public List<ReadRejection> Rejections { get; } = [];

    /// <summary>Reads found in the request (accepted or not).</summary>
    public int Received { get; private set; }

    public void Parse(ReadOnlySpan<byte> body, string? contentType)
    {
        var type = (contentType ?? JsonType).Split(';')[0].Trim().ToLowerInvariant();
        switch (type)
        {
            case CsvType:
                ParseCsv(Encoding.UTF8.GetString(body));
                break;
            case NdjsonType or "application/jsonl" or "application/x-jsonlines":
                ParseNdjson(body);
                break;
            default:
                ParseJsonArray(body);
                break;
        }
    }

    private void ParseJsonArray(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new ReadBatchFormatException("The body is not a JSON array of reads (send NDJSON as application/x-ndjson, CSV as text/csv).", null);
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                ParseObject(ref reader, null);
            }
        }
        catch (JsonException e)
        {
            throw new ReadBatchFormatException($"The body is not valid JSON: {e.Message}", (int?)(e.LineNumber + 1));
        }
    }

    private void ParseNdjson(ReadOnlySpan<byte> body)
    {
        var line = 0;
        while (!body.IsEmpty)
        {
            line++;
            var end = body.IndexOf((byte)'\n');
            var text = end < 0 ? body : body[..end];
            body = end < 0 ? [] : body[(end + 1)..];
            if (text.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            var reader = new Utf8JsonReader(text);
            try
            {
                reader.Read();
                ParseObject(ref reader, line);
            }
            catch (JsonException e)
            {
                Rejections.Add(new ReadRejection(Received++, line, "body", $"line is not a JSON object: {e.Message}", null, null));
            }
        }
    }

    private void ParseObject(ref Utf8JsonReader reader, int? line)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            Rejections.Add(new ReadRejection(Received++, line, "body", "a read is a JSON object", null, null));
            return;
        }

        Span<char> camera = stackalloc char[64];
        Span<char> plate = stackalloc char[32];
        Span<char> country = stackalloc char[8];
        int cameraLength = -1, plateLength = -1, countryLength = 0;
        DateTime? time = null;
        string? timeError = null;
        int? confidence = null, lane = null;
        string? image = null, typeError = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("camera"u8))
            {
                cameraLength = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length <= camera.Length ? reader.CopyString(camera) : -2;
            }
            else if (name.SequenceEqual("plate"u8))
            {
                plateLength = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length <= plate.Length ? reader.CopyString(plate) : -2;
            }
            else if (name.SequenceEqual("time"u8) || name.SequenceEqual("readAt"u8))
            {
                if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTime(out var t) && t.Kind != DateTimeKind.Unspecified)
                {
                    time = t.ToUniversalTime();
                }
                else
                {
                    timeError = "time is not an ISO 8601 instant with Z or an offset";
                }
            }
            else if (name.SequenceEqual("confidence"u8))
            {
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var c))
                {
                    confidence = (int)Math.Round(c);
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    typeError = "confidence is not a number";
                }
            }
            else if (name.SequenceEqual("lane"u8))
            {
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var l))
                {
                    lane = l;
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    typeError = "lane is not a whole number";
                }
            }
            else if (name.SequenceEqual("image"u8) || name.SequenceEqual("imageRef"u8))
            {
                image = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (name.SequenceEqual("country"u8))
            {
                countryLength = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length <= country.Length ? reader.CopyString(country) : 0;
            }
            else
            {
                reader.Skip();
            }
        }

        Accept(line, cameraLength < 0 ? null : camera[..cameraLength], cameraLength == -2, time, timeError, plateLength < 0 ? null : plate[..plateLength],
            plateLength == -2, country[..countryLength], confidence, lane, image, typeError);
    }

    private void ParseCsv(string text)
    {
        var rest = text.AsSpan();
        var line = 0;
        int iCamera = -1, iTime = -1, iPlate = -1, iConfidence = -1, iLane = -1, iImage = -1, iCountry = -1;
        Span<Range> fields = stackalloc Range[16];
        var header = true;
        while (!rest.IsEmpty)
        {
            line++;
            var end = rest.IndexOf('\n');
            var row = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            row = row.TrimEnd('\r');
            if (row.IsWhiteSpace())
            {
                continue;
            }

            var n = SplitCsv(row, fields);
            if (header)
            {
                header = false;
                for (var i = 0; i < n; i++)
                {
                    var name = Unquote(row[fields[i]]).Trim().ToString().ToLowerInvariant();
                    switch (name)
                    {
                        case "camera": iCamera = i; break;
                        case "time" or "read_at" or "readat": iTime = i; break;
                        case "plate": iPlate = i; break;
                        case "confidence": iConfidence = i; break;
                        case "lane": iLane = i; break;
                        case "image" or "image_ref" or "imageref": iImage = i; break;
                        case "country": iCountry = i; break;
                        default: break;
                    }
                }

                if (iCamera < 0 || iTime < 0 || iPlate < 0)
                {
                    throw new ReadBatchFormatException("The CSV header must name the columns camera, time and plate (and may name confidence, lane, image, country).", line);
                }

                continue;
            }

            ReadOnlySpan<char> Field(ReadOnlySpan<char> r, Span<Range> f, int i, int count) => i >= 0 && i < count ? Unquote(r[f[i]]).Trim() : [];

            var timeText = Field(row, fields, iTime, n);
            DateTime? time = null;
            string? timeError = null;
            if (DateTime.TryParse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) && t.Kind != DateTimeKind.Unspecified)
            {
                time = t.ToUniversalTime();
            }
            else
            {
                timeError = timeText.IsEmpty ? "time is missing" : "time is not an ISO 8601 instant with Z or an offset";
            }

            string? typeError = null;
            int? confidence = null, lane = null;
            var c = Field(row, fields, iConfidence, n);
            if (!c.IsEmpty)
            {
                if (double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var cv))
                {
                    confidence = (int)Math.Round(cv);
                }
                else
                {
                    typeError = "confidence is not a number";
                }
            }

            var l = Field(row, fields, iLane, n);
            if (!l.IsEmpty)
            {
                if (int.TryParse(l, NumberStyles.Integer, CultureInfo.InvariantCulture, out var lv))
                {
                    lane = lv;
                }
                else
                {
                    typeError = "lane is not a whole number";
                }
            }

            var image = Field(row, fields, iImage, n);
            var camera = Field(row, fields, iCamera, n);
            var plate = Field(row, fields, iPlate, n);
            Accept(line, camera.IsEmpty ? null : camera, false, time, timeError, plate.IsEmpty ? null : plate, false, Field(row, fields, iCountry, n),
                confidence, lane, image.IsEmpty ? null : image.ToString(), typeError);
        }
    }

    /// <summary>Splits an RFC 4180 row into at most <paramref name="fields"/>.Length fields; returns how many.</summary>
    private static int SplitCsv(ReadOnlySpan<char> row, Span<Range> fields)
    {
        var n = 0;
        var start = 0;
        var quoted = false;
        for (var i = 0; i < row.Length && n < fields.Length - 1; i++)
        {
            var ch = row[i];
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (ch == ',' && !quoted)
            {
                fields[n++] = new Range(start, i);
                start = i + 1;
            }
        }

        fields[n++] = new Range(start, row.Length);
        return n;
    }

    // Quoted fields keep their content; a doubled quote inside is left doubled: no field the reads use may contain one.
    private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> field)
    {
        var f = field.Trim();
        return f.Length >= 2 && f[0] == '"' && f[^1] == '"' ? f[1..^1] : f;
    }

    private void Accept(int? line, ReadOnlySpan<char> camera, bool cameraBad, DateTime? time, string? timeError, ReadOnlySpan<char> plate, bool plateBad,
        ReadOnlySpan<char> country, int? confidence, int? lane, string? image, string? typeError)
    {
        var index = Received++;
        if (index >= _maxReads)
        {
            Reject(index, line, "batch", $"batch over {_maxReads:N0} reads: send the rest in another request", camera, plate);
            return;
        }

        if (camera.IsEmpty)
        {
            Reject(index, line, "camera", cameraBad ? "camera is not a code of at most 64 characters" : "camera is missing", camera, plate);
            return;
        }

        var cam = _cameras.ByCode(camera);
        if (cam is null)
        {
            Reject(index, line, "camera", "unknown camera", camera, plate);
            return;
        }

        if (SharingRules.AnprReadRefusal(cam, _caller, _keyId, _keyIsBound) is { } refusal)
        {
            Reject(index, line, "camera", refusal, camera, plate);
            return;
        }

        if (time is null)
        {
            Reject(index, line, "time", timeError ?? "time is missing", camera, plate);
            return;
        }

        var ms = AnprReadStore.ToMs(time.Value);
        if (ms > _maxMs)
        {
            Reject(index, line, "time", "time is in the future", camera, plate);
            return;
        }

        if (ms < _minMs)
        {
            Reject(index, line, "time", $"time is older than the retention period ({_retentionDays} days)", camera, plate);
            return;
        }

        Span<char> normal = stackalloc char[Vrm.MaxLength];
        var length = plateBad ? -1 : Vrm.Normalise(plate, normal);
        if (length < 0)
        {
            Reject(index, line, "plate", plate.IsEmpty && !plateBad ? "plate is missing" : "malformed plate", camera, plate);
            return;
        }

        if (typeError is not null)
        {
            Reject(index, line, typeError.StartsWith("lane", StringComparison.Ordinal) ? "lane" : "confidence", typeError, camera, plate);
            return;
        }

        if (confidence is < 0 or > 100)
        {
            Reject(index, line, "confidence", "confidence is outside 0–100", camera, plate);
            return;
        }

        if (lane is < 1 or > 16)
        {
            Reject(index, line, "lane", "lane is outside 1–16", camera, plate);
            return;
        }

        var normalised = normal[..length];
        // A camera that says the plate is foreign is believed: a foreign plate can look like a UK one.
        var foreign = !country.IsEmpty && !country.Equals("GB", StringComparison.OrdinalIgnoreCase) && !country.Equals("UK", StringComparison.OrdinalIgnoreCase) &&
                      !country.Equals("NI", StringComparison.OrdinalIgnoreCase);
        var format = foreign ? PlateFormat.Foreign : Vrm.Recognise(normalised);
        var at = Batch.Add(new IncomingRead
        {
            Index = index,
            CameraId = cam.Id,
            AtMs = ms,
            Format = format,
            Confidence = (short)(confidence ?? -1),
            Lane = (short)(lane ?? 0),
            ImageRef = image is { Length: > 500 } ? image[..500] : image,
        }, normalised);

        var hits = _hotlists.Match(normalised);
        if (!hits.IsEmpty)
        {
            Batch.Reads[at].FirstHit = Batch.Hits.Count;
            foreach (var entry in hits)
            {
                if (entry.ExpiresAt is null || entry.ExpiresAt > time)
                {
                    Batch.Hits.Add((at, entry));
                }
            }
        }
    }

    private void Reject(int index, int? line, string field, string reason, ReadOnlySpan<char> camera, ReadOnlySpan<char> plate) =>
        Rejections.Add(new ReadRejection(index, line, field, reason, camera.IsEmpty ? null : camera.ToString(), plate.IsEmpty ? null : plate.ToString()));
}
