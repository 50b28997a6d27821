namespace TwinCity.Models.Grains;

/// <summary>An entity grain that stores what readings change behind them, called back by its silo's write-behind clock.</summary>
public interface IWritesBehind : IGrainWithStringKey
{
    /// <summary>
    /// Writes the latest values and history that changed since the last write, and asks to be called
    /// again one interval later while there is more; an entity that had nothing to write lets its
    /// in-memory history go. The silo calls this; a call from elsewhere only writes earlier.
    /// </summary>
    Task WriteBehindAsync();

    /// <summary>
    /// Deletes the stored history past its retention (at most once an hour, as the write-behind does for an
    /// active entity). The silo's daily history sweep calls it, so the history of an entity that no reading
    /// wakes any more expires too; an entity it woke deactivates again once idle.
    /// </summary>
    Task ExpireHistoryAsync();
}
