namespace Orleans.Widgets.Runtime.Reminders;

/// <summary>A handle to a registered reminder.</summary>
internal sealed record GrainReminder(string ReminderName) : IGrainReminder;
