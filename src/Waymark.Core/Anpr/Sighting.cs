namespace Waymark.Core.Anpr;

/// <summary>A plate seen by a camera at an instant (milliseconds since the Unix epoch, UTC).</summary>
public readonly record struct Sighting(string Plate, long AtMs, int CameraId);
