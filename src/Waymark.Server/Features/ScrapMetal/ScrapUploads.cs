using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Waymark.Server.Infrastructure;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>Reads one uploaded CSV: the first file of a multipart form, or a text/csv body; within Waymark:MaxUploadBytes.</summary>
public static class ScrapUploads
{
    public static async Task<(List<CsvRow> Rows, string FileName)> ReadAsync(HttpContext http, IReadOnlyCollection<string> columns, IReadOnlyCollection<string> required, CancellationToken ct)
    {
        var max = http.RequestServices.GetRequiredService<IOptions<WaymarkOptions>>().Value.MaxUploadBytes;
        if (http.Request.ContentLength > max)
        {
            throw new ScrapCsvFormatException($"The upload is larger than the limit of {max:N0} bytes (Waymark:MaxUploadBytes); split the file.");
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max;
        }

        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(ct);
            if (form.Files.Count == 0)
            {
                throw new ScrapCsvFormatException("Attach a CSV file.");
            }

            await using var stream = form.Files[0].OpenReadStream();
            return (await ScrapCsv.ReadAsync(stream, columns, required, ct), form.Files[0].FileName);
        }

        var name = http.Request.Query["fileName"].ToString();
        return (await ScrapCsv.ReadAsync(http.Request.Body, columns, required, ct), string.IsNullOrWhiteSpace(name) ? "upload.csv" : name);
    }
}
