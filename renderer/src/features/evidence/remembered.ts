/** Form values the investigator should not have to type again on this machine (kept in localStorage). */
import { useEffect, useState } from 'react';

function read(key: string): string {
  try {
    return window.localStorage.getItem(key) ?? '';
  } catch {
    return ''; // storage disabled: the field simply starts empty
  }
}

/** A text value that survives reloads and restarts, stored under `key`. */
export function useRemembered(key: string): [string, (value: string) => void] {
  const [value, setValue] = useState(() => read(key));
  useEffect(() => {
    try {
      if (value.trim()) window.localStorage.setItem(key, value);
      else window.localStorage.removeItem(key);
    } catch {
      // storage disabled: the value lasts for this session only
    }
  }, [key, value]);
  return [value, setValue];
}
