import type { WorkflowProblem } from "./api";

interface ProblemsListProps {
  problems: WorkflowProblem[];
  onShow: (stepKey: string) => void;
}

/** What keeps the workflow from being published, as the server found it on the last save. */
export function ProblemsList({ problems, onShow }: ProblemsListProps) {
  return (
    <section className="problems" aria-labelledby="problems-heading">
      <h2 id="problems-heading" className="editor-panel-title">
        Problems{problems.length > 0 && ` (${problems.length})`}
      </h2>
      {problems.length === 0 ? (
        <p className="problems-none">No problems: ready to publish.</p>
      ) : (
        <ul className="problems-list" aria-label="Problems">
          {problems.map((problem, index) => (
            <li key={`${problem.code}-${problem.step ?? ""}-${index}`}>
              {problem.step ? (
                <button
                  type="button"
                  className="problem-item"
                  onClick={() => onShow(problem.step!)}
                >
                  {problem.message}
                </button>
              ) : (
                <span className="problem-item">{problem.message}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
