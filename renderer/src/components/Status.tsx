export function Loading({ what }: { what: string }) {
  return <p className="status-line" role="status">正在读取{what}……</p>;
}

export function ErrorBanner({ message }: { message: string }) {
  return (
    <div className="error-banner" role="alert">
      {message}
    </div>
  );
}
