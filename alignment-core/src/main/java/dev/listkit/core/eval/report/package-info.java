/**
 * Report files: evaluation records as pretty JSON ({@link dev.listkit.core.eval.report.ReportWriter})
 * and PNG plots ({@link dev.listkit.core.eval.report.Plots}). Every file is written atomically.
 */
package dev.listkit.core.eval.report;
