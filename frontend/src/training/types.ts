/** The training API's shapes as the training pages use them: aliases of the generated types
 * (src/api/types.ts), so a change on the server breaks the type check here. */
export type {
  ExamReport,
  ExamStarted,
  LabelStats,
  PracticeFeedback,
  TrainingItem,
  TrainingMe,
  TrainingSettings,
  TrainingStep as Step,
} from "../api/types";
