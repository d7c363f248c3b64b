/** How a page handler renders: the template and its own data; the layout's data comes from the request. */
import type { Request, Response } from 'express';

export type PageRenderer = (req: Request, res: Response, status: number, template: string, data: Record<string, unknown>) => void;
