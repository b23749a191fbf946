/** The server's messages about a form as a whole, which no single input shows. */
export function FormProblems({ messages }: { messages: string[] }) {
  if (!messages.length) return null;
  return (
    <ul className="field-errors form-errors" role="alert">
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}
